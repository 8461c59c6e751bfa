import { retryCase } from '#domain/cases';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { caseAction } from './handle-case';

/** POST /api/v1/pmo/cases/{caseId}/retry -> 200 {caseId, state:"retried", executionName}: the workflow starts again with its input. */
export const buildHandler = (deps: Dependencies): RouteHandler => caseAction(deps, retryCase);

export const handler = httpHandler(() => buildHandler(awsDependencies()));
