import { enrollmentOf } from '#domain/rcam';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requireSmsSession } from '#http/session';

/** GET /api/v1/rcam/enrollment -> the current request, its timeline and its dates; 404 if none. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSmsSession(deps, event);
    const view = await enrollmentOf(deps, session.accountId);
    if (!view) throw new HttpError(404, 'no_enrollment');
    return json(200, view);
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
