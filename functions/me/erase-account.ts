import { eraseAccount } from '#domain/personal-data';
import { EraseAccountBody } from '#http/contract/me';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { clearedSessionCookie, json } from '#http/responses';
import { requireSmsSession } from '#http/session';

/**
 * DELETE /api/v1/me {confirmation} -> 204: the account and everything held about it go (GDPR art.
 * 17), its workflows in flight stop, its audit trails stay under a pseudonym, and the old address
 * is told. Needs a session proven by a second factor (403 step_up_required), and the account's
 * email typed again (400 with the field `confirmation_mismatch` otherwise, nothing changed).
 */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSmsSession(deps, event);
    const { confirmation } = parseBody(event, EraseAccountBody);
    const result = await eraseAccount(deps, session, confirmation);
    if (result === 'gone') throw new HttpError(401, 'unauthenticated');
    if (result === 'step_up_required') throw new HttpError(403, 'step_up_required').about(session.accountId);
    if (result === 'confirmation_mismatch') throw new HttpError(400, 'validation_failed', { confirmation: 'confirmation_mismatch' });
    return json(204, undefined, { cookies: [clearedSessionCookie] });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
