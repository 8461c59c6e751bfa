import { profileOf } from '#domain/profile';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requireSession } from '#http/session';

/** GET /api/v1/me: the signed-in person's account, phones, session, roles and entitlements. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const profile = await profileOf(deps, await requireSession(deps, event));
    if (!profile) throw new HttpError(401, 'unauthenticated');
    return json(200, profile);
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
