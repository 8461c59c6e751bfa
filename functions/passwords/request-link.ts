import { requestPasswordLink } from '#domain/password-links';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { RequestLinkBody } from '#http/contract/passwords';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';

/** POST /api/v1/password-links {login} -> always 202: "lost password", and a new link when the first one died. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const { login } = parseBody(event, RequestLinkBody);
    await requestPasswordLink(deps, login);
    return json(202, { status: 'accepted' });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
