import { closeCase } from '#domain/cases';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { caseAction } from './handle-case';

/** POST /api/v1/pmo/cases/{caseId}/close -> 200 {caseId, state:"closed"}: handled by hand, or nothing more to do. */
export const buildHandler = (deps: Dependencies): RouteHandler => caseAction(deps, closeCase);

export const handler = httpHandler(() => buildHandler(awsDependencies()));
