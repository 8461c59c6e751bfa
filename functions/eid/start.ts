import { startEid } from '#domain/eid';
import { mayAddFactor } from '#domain/factors';
import type { Dependencies } from '#shared/dependencies';
import { EidStartBody } from '#http/contract/eid';
import { HttpError } from '#http/errors';
import type { RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { eidFlowCookie, json } from '#http/responses';
import { RULES } from '#domain/rules';
import { newSecretToken } from '#domain/secrets';
import { requireSmsSession } from '#http/session';

/** POST /api/v1/eid/authorizations {provider, purpose} -> 200 {authorizationUrl}; a link needs a recent session proven by a second factor. */
export const buildStartHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const request = parseBody(event, EidStartBody);
    const session = request.purpose === 'link' ? await requireSmsSession(deps, event) : undefined;
    if (session) {
      const refused = await mayAddFactor(deps, session);
      if (refused) throw new HttpError(403, refused.outcome).about(session.accountId);
    }
    const browserToken = newSecretToken();
    const result = await startEid(deps, { purpose: request.purpose, providerId: request.provider, browserToken, session });
    if (result.outcome === 'unknown_provider') throw new HttpError(404, 'eid_unknown_provider');
    return json(200, { authorizationUrl: result.url }, { cookies: [eidFlowCookie(browserToken, RULES.eidFlowSeconds)] });
  };
