import { exportPersonalData } from '#domain/personal-data';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requireSession } from '#http/session';

/**
 * GET /api/v1/me/export -> 200: every personal datum held about the signed-in person, as one JSON
 * file to save (GDPR art. 15 and 20). Needs a second factor once the account has one.
 */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSession(deps, event);
    const result = await exportPersonalData(deps, session);
    if (result === 'gone') throw new HttpError(401, 'unauthenticated');
    if (result === 'step_up_required') throw new HttpError(403, 'step_up_required').about(session.accountId);
    // Usernames are lower-case letters and digits: safe in a header as they are.
    const filename = `passerelle-${result.account.username.replace(/[^a-z0-9]/gi, '')}.json`;
    return json(200, result, { headers: { 'content-disposition': `attachment; filename="${filename}"` } });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
