import { closeSession } from '#domain/sessions';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { clearedSessionCookie, json } from '#http/responses';
import { sessionTokenOf } from '#http/session';

/** DELETE /api/v1/sessions/current -> 204: the session dies server-side and the cookie is cleared. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const token = sessionTokenOf(event);
    if (token) await closeSession(deps, token);
    return json(204, undefined, { cookies: [clearedSessionCookie] });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
