import { completeSignIn } from '#domain/sign-in';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { ChallengeBody } from '#http/contract/sessions';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { signedIn } from '#http/sign-in-answer';

/** POST /api/v1/sessions/challenge {challengeId, code} -> 200 and a session with assurance "sms" or "totp" (the code of an SMS or of an authenticator app). */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const result = await completeSignIn(deps, parseBody(event, ChallengeBody));
    switch (result.outcome) {
      case 'signed_in':
        return signedIn(deps, event, result);
      case 'invalid_code':
        throw new HttpError(401, 'invalid_code', { code: 'invalid' });
      case 'challenge_expired':
        throw new HttpError(410, 'challenge_expired');
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
