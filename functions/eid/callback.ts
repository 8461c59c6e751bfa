import { finishEid } from '#domain/eid';
import type { Dependencies } from '#shared/dependencies';
import { EidCallbackBody } from '#http/contract/eid';
import { HttpError } from '#http/errors';
import type { RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { clearedEidFlowCookie, EID_FLOW_COOKIE, json } from '#http/responses';
import { cookieOf, sessionTokenOf } from '#http/session';

/** POST /api/v1/eid/callback {state, code?, iss?, error?} -> 200 linked, or 200 second_factor with a one-time proof (a sign-in). */
export const buildCallbackHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const result = await finishEid(deps, parseBody(event, EidCallbackBody), {
      sessionToken: sessionTokenOf(event),
      browserToken: cookieOf(event, EID_FLOW_COOKIE),
    });
    const cookies = [clearedEidFlowCookie];
    switch (result.outcome) {
      case 'linked':
        return json(200, { outcome: 'linked', linkId: result.linkId, providerName: result.providerName }, { cookies });
      case 'proven':
        return json(
          200,
          { outcome: 'second_factor', eidProof: result.eidProof, expiresAt: result.expiresAt.toISOString(), providerName: result.providerName },
          { cookies },
        );
      case 'state_invalid':
        throw new HttpError(400, 'eid_state_invalid');
      case 'eid_refused':
        throw new HttpError(400, 'eid_refused');
      case 'already_linked':
        throw new HttpError(409, 'eid_already_linked');
      case 'not_linked':
        throw new HttpError(403, 'eid_not_linked');
      default:
        throw new HttpError(403, result.outcome);
    }
  };
