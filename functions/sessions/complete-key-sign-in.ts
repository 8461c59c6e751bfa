import { completeKeySignIn } from '#domain/key-sign-in';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { KeyAnswerBody } from '#http/contract/factors';
import { signedIn } from '#http/sign-in-answer';

/**
 * POST /api/v1/sessions/webauthn {challengeId, response} -> 200 and a session with assurance
 * "webauthn": the answer of a security key after the password, or of a passkey alone. 401 when refused.
 */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const body = parseBody(event, KeyAnswerBody);
    const result = await completeKeySignIn(deps, body);
    switch (result.outcome) {
      case 'signed_in':
        return signedIn(deps, event, { sessionToken: result.sessionToken, assurance: 'webauthn' });
      case 'invalid_credentials':
        throw new HttpError(401, 'invalid_credentials');
      case 'challenge_expired':
        throw new HttpError(410, 'challenge_expired');
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
