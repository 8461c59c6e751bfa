import { completeSignIn } from '#domain/sign-in';
import { closeSession } from '#domain/sessions';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { ChallengeBody } from '#http/contract/sessions';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json, sessionCookie } from '#http/responses';
import { sessionTokenOf } from '#http/session';

/** POST /api/v1/sessions/challenge {challengeId, code} -> 200 and a session with assurance "sms" or "totp" (the code of an SMS or of an authenticator app). */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const result = await completeSignIn(deps, parseBody(event, ChallengeBody));
    switch (result.outcome) {
      case 'signed_in': {
        const previous = sessionTokenOf(event);
        if (previous) await closeSession(deps, previous);
        return json(200, { status: 'signed_in', assurance: result.assurance }, { cookies: [sessionCookie(result.sessionToken)] });
      }
      case 'invalid_code':
        throw new HttpError(401, 'invalid_code', { code: 'invalid' });
      case 'challenge_expired':
        throw new HttpError(410, 'challenge_expired');
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
