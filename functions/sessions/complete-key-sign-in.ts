import { completeKeySignIn } from '#domain/sign-in';
import { closeSession } from '#domain/sessions';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json, sessionCookie } from '#http/responses';
import { KeyAnswerBody } from '#http/contract/factors';
import { sessionTokenOf } from '#http/session';

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
      case 'signed_in': {
        const previous = sessionTokenOf(event);
        if (previous) await closeSession(deps, previous);
        return json(200, { status: 'signed_in', assurance: 'webauthn' }, { cookies: [sessionCookie(result.sessionToken)] });
      }
      case 'invalid_credentials':
        throw new HttpError(401, 'invalid_credentials');
      case 'challenge_expired':
        throw new HttpError(410, 'challenge_expired');
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
