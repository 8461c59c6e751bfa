import { signIn } from '#domain/sign-in';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { SignInBody } from '#http/contract/phone-bodies';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { idempotent } from '#http/idempotency';
import { parseBody } from '#http/request';
import { signInAnswer } from '#http/sign-in-answer';

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
    return signInAnswer(deps, event, result);
  });

export const handler = httpHandler(() => buildHandler(awsDependencies()));
