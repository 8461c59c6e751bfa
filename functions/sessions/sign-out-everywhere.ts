import { signOutEverywhere } from '#domain/sessions';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { clearedSessionCookie, json } from '#http/responses';
import { requireSession } from '#http/session';

/** DELETE /api/v1/me/sessions -> 204: every session of the account ends, this one included, and the cookie is cleared. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    await signOutEverywhere(deps, await requireSession(deps, event));
    return json(204, undefined, { cookies: [clearedSessionCookie] });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
