import { signInWithEid } from '#domain/eid';
import type { Dependencies } from '#shared/dependencies';
import { EidSignInBody } from '#http/contract/phone-bodies';
import { HttpError } from '#http/errors';
import type { RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { signInAnswer } from '#http/sign-in-answer';

/** POST /api/v1/sessions/eid {eidProof, method, ...}: the second factor after a national eID, answered as POST /api/v1/sessions answers. */
export const buildSignInHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const result = await signInWithEid(deps, parseBody(event, EidSignInBody, { phoneNumber: 'phone_invalid' }));
    if (result.outcome === 'eid_proof_expired') throw new HttpError(410, 'eid_proof_expired');
    return signInAnswer(deps, event, result);
  };
