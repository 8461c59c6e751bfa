import { z } from 'zod';
import { requestPasswordLink } from '#domain/password-links';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';
import { text } from '#http/schemas';

const RequestLinkBody = z.object({ login: text(254) });

/** POST /api/v1/password-links {login} -> always 202: "lost password", and a new link when the first one died. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const { login } = parseBody(event, RequestLinkBody);
    await requestPasswordLink(deps, login);
    return json(202, { status: 'accepted' });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
