import { receivedOn } from '#domain/calendar';
import { markLetterDelivered } from '#domain/pmo';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { LetterDeliveredBody } from '#http/contract/pmo';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';
import { requirePmo } from '#http/session';

/** POST /api/v1/pmo/letters/{letterId}/delivered {deliveredAt: instant or YYYY-MM-DD}: the acknowledgement of receipt came back. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const clerk = await requirePmo(deps, event);
    const { deliveredAt } = parseBody(event, LetterDeliveredBody);
    const letterId = event.pathParameters?.letterId ?? '';
    const result = /^[\w-]{1,64}$/.test(letterId)
      ? await markLetterDelivered(deps, clerk, letterId, deliveredAt.length === 10 ? receivedOn(deliveredAt, deps.clock.now()) : new Date(deliveredAt))
      : 'not_found';
    if (result === 'not_found') throw new HttpError(404, 'not_found');
    if (result === 'own_request') throw new HttpError(403, 'own_request').about(clerk.accountId);
    if (result === 'invalid_date') throw new HttpError(400, 'validation_failed', { deliveredAt: 'invalid_date' });
    if (result === 'conflict') throw new HttpError(409, 'conflict');
    return json(200, { letterId, status: 'delivered' });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
