import { lookupPasswordLink } from '#domain/password-links';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { LookupLinkBody } from '#http/contract/passwords';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';

/** POST /api/v1/password-links/lookup {token} -> {username, expiresAt}; 410 for unknown, used and expired alike. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const { token } = parseBody(event, LookupLinkBody);
    const result = await lookupPasswordLink(deps, token);
    if (result.outcome !== 'live') throw new HttpError(410, 'link_expired');
    return json(200, { username: result.username, expiresAt: result.expiresAt.toISOString() });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
