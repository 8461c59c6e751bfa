import { removePhone } from '#domain/phones';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requireSession } from '#http/session';

/**
 * DELETE /api/v1/me/phones/{phoneId} -> 204; needs a session proven by a second factor, never takes
 * the account's last factor (409 last_factor), and ends the account's other sessions.
 */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSession(deps, event);
    const phoneId = event.pathParameters?.phoneId ?? '';
    const result = phoneId.length <= 64 ? await removePhone(deps, session, phoneId) : 'not_found';
    if (result === 'step_up_required') throw new HttpError(403, 'step_up_required').about(session.accountId);
    if (result === 'not_found') throw new HttpError(404, 'not_found');
    if (result === 'last_factor') throw new HttpError(409, 'last_factor');
    return json(204);
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
