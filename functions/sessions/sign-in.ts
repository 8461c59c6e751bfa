import { signIn } from '#domain/sign-in';
import { closeSession } from '#domain/sessions';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { SignInBody } from '#http/contract/sessions';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { idempotent } from '#http/idempotency';
import { parseBody } from '#http/request';
import { json, sessionCookie } from '#http/responses';
import { sessionTokenOf } from '#http/session';
import { smsRefusalError } from '#http/sms-refusals';

/**
 * POST /api/v1/sessions {login, password, method, phoneNumber?, recoveryCode?}: "password" signs in
 * at once; "sms" sends a 9-character challenge to one of the account's phones; "totp" opens a
 * challenge for the authenticator app's code (202, nothing sent); "webauthn" answers 202 with the
 * options for navigator.credentials.get() (then POST /api/v1/sessions/webauthn); "recovery_code" signs in with a
 * second factor at once. Every refusal, a method the account does not have included, is the same 401.
 */
export const buildHandler = (deps: Dependencies): RouteHandler =>
  idempotent(deps, async (event) => {
    const result = await signIn(deps, parseBody(event, SignInBody, { phoneNumber: 'phone_invalid' }));
    switch (result.outcome) {
      case 'signed_in': {
        // A new session id at every sign-in; whatever session the browser held is over.
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
      default:
        throw smsRefusalError(result);
    }
  });

export const handler = httpHandler(() => buildHandler(awsDependencies()));
