import { decide } from '#domain/pmo';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { DecisionBody } from '#http/contract/pmo';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';
import { requirePmo } from '#http/session';

/** POST /api/v1/pmo/reviews/{requestId}/decision: approve with the postal address, or reject with a reason. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const reviewer = await requirePmo(deps, event);
    const decision = parseBody(event, DecisionBody);
    const requestId = event.pathParameters?.requestId ?? '';
    const result = /^[\w-]{1,64}$/.test(requestId) ? await decide(deps, reviewer, requestId, decision) : { outcome: 'not_found' as const };
    switch (result.outcome) {
      case 'decided':
        return json(200, { requestId, decision: decision.decision });
      case 'unprintable_address':
        throw new HttpError(400, 'validation_failed', result.faults);
      case 'own_request':
        throw new HttpError(403, 'own_request').about(reviewer.accountId);
      case 'not_found':
        throw new HttpError(404, 'not_found');
      case 'conflict':
        throw new HttpError(409, 'conflict');
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
