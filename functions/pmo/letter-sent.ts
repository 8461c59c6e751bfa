import { markLetterSent } from '#domain/pmo';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { LetterSentBody } from '#http/contract/pmo';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';
import { requirePmo } from '#http/session';

/** POST /api/v1/pmo/letters/{letterId}/sent {trackingNumber}: the registered letter is in the post. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const clerk = await requirePmo(deps, event);
    const { trackingNumber } = parseBody(event, LetterSentBody);
    const letterId = event.pathParameters?.letterId ?? '';
    const result = /^[\w-]{1,64}$/.test(letterId) ? await markLetterSent(deps, clerk, letterId, trackingNumber) : 'not_found';
    if (result === 'not_found') throw new HttpError(404, 'not_found');
    if (result === 'own_request') throw new HttpError(403, 'own_request').about(clerk.accountId);
    if (result === 'conflict') throw new HttpError(409, 'conflict');
    return json(200, { letterId, status: 'sent' });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
