import { signInWithEid } from '#domain/eid';
import { closeSession } from '#domain/sessions';
import type { Dependencies } from '#shared/dependencies';
import { EidSignInBody } from '#http/contract/eid';
import { HttpError } from '#http/errors';
import type { RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json, sessionCookie } from '#http/responses';
import { sessionTokenOf } from '#http/session';
import { smsRefusalError } from '#http/sms-refusals';

/** POST /api/v1/sessions/eid {eidProof, method, ...}: the second factor after a national eID, answered as POST /api/v1/sessions answers. */
export const buildSignInHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const result = await signInWithEid(deps, parseBody(event, EidSignInBody, { phoneNumber: 'phone_invalid' }));
    switch (result.outcome) {
      case 'signed_in': {
        const previous = sessionTokenOf(event);
        if (previous) await closeSession(deps, previous);
        return json(200, { status: 'signed_in', assurance: result.assurance }, { cookies: [sessionCookie(result.sessionToken)] });
      }
      case 'challenge_sent':
        return json(202, {
          challengeId: result.challengeId,
          expiresAt: result.expiresAt.toISOString(),
          ...(result.webauthnOptions !== undefined && { options: result.webauthnOptions }),
        });
      case 'invalid_credentials':
        throw new HttpError(401, 'invalid_credentials');
      case 'eid_proof_expired':
        throw new HttpError(410, 'eid_proof_expired');
      default:
        throw smsRefusalError(result);
    }
  };
