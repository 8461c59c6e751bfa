import { captureLogsAtDebug } from '../support/captured-logs';
import type { Harness } from '../support/builders';

/**
 * Runs the journey with the logger at DEBUG and reads everything written to stdout and stderr:
 * no password, link token, task token, CAPTCHA answer or session id may appear, nor an email
 * address or a phone number in full.
 */
describe('logs', () => {
  const written = captureLogsAtDebug();

  it('never contain a secret, even when things go wrong', async () => {
    const { harness, httpEvent, invoke } = await import('../support/builders');
    const { sendActivationLink } = await import('#domain/password-links');
    const { buildHandler: buildCreateAccount } = await import('../../functions/accounts/create-account');
    const { buildHandler: buildGetCaptcha } = await import('../../functions/accounts/get-captcha');
    const { buildHandler: buildLookup } = await import('../../functions/passwords/lookup-link');
    const { buildHandler: buildSetPassword } = await import('../../functions/passwords/set-password');
    const { buildHandler: buildActivationTask } = await import('../../functions/workflow/send-activation-link');
    const { buildHandler: buildAddPhone } = await import('../../functions/phones/add-phone');
    const { buildHandler: buildVerifyPhone } = await import('../../functions/phones/verify-phone');
    const { buildHandler: buildSignIn } = await import('../../functions/sessions/sign-in');
    const { buildHandler: buildCompleteChallenge } = await import('../../functions/sessions/complete-challenge');
    const { buildHandler: buildRequestReset } = await import('../../functions/recovery/request-factor-reset');
    const { buildHandler: buildCancelReset } = await import('../../functions/recovery/cancel-factor-reset');
    const { latestSmsCode, sessionCookieFor } = await import('../support/builders');

    const h: Harness = await harness();
    const password = 'Ceci est un exemple1';
    const { captchaId } = (await invoke(() => buildGetCaptcha(h.deps), httpEvent({ method: 'GET' }))).body;
    const answer = h.captchaAnswers.get(captchaId)!;
    const registration = {
      firstName: 'Bernard',
      lastName: 'Zanella',
      email: 'b@example.org',
      emailConfirmation: 'b@example.org',
      emailLanguage: 'fr',
      privacyAccepted: true,
    };
    await invoke(() => buildCreateAccount(h.deps), httpEvent({ body: { ...registration, captchaId, captchaAnswer: answer } }));
    const taskToken = 'AQCEAAAAKgAAAAMAAAAAAAAAAdGVzdC10YXNrLXRva2Vu-secret';
    await buildActivationTask(h.deps)({ accountId: h.workflows.started[0], taskToken });
    const token = /token=([\w-]+)/.exec(h.outbox.list()[0].text)![1];
    await invoke(() => buildLookup(h.deps), httpEvent({ body: { token } }));
    await invoke(() => buildSetPassword(h.deps), httpEvent({ body: { token, password: 'short', passwordConfirmation: 'short' } }));
    const set = await invoke(() => buildSetPassword(h.deps), httpEvent({ body: { token, password, passwordConfirmation: password } }));
    const sessionId = /__Host-session=([\w-]+)/.exec(set.cookies[0])![1];
    // An unexpected failure after the password was read: it is logged, the secret is not.
    const failing = { ...h.deps, accounts: { ...h.deps.accounts, findLink: async () => Promise.reject(new Error('DynamoDB is down')) } };
    await invoke(() => buildSetPassword(failing), httpEvent({ body: { token, password, passwordConfirmation: password } }));
    await sendActivationLink(h.deps, { accountId: 'no-such-account', taskToken });

    // Phone registration and an SMS sign-in, with wrong codes on the way.
    const phoneNumber = '+32470123456';
    const cookies = sessionCookieFor(sessionId);
    const { challengeId } = (await invoke(() => buildAddPhone(h.deps), httpEvent({ body: { phoneNumber }, cookies }))).body;
    const phoneCode = latestSmsCode(h.outbox, phoneNumber);
    await invoke(() => buildVerifyPhone(h.deps), httpEvent({ body: { challengeId, code: 'WRONG-CODE' }, cookies }));
    const verified = await invoke(() => buildVerifyPhone(h.deps), httpEvent({ body: { challengeId, code: phoneCode }, cookies }));
    const recoveryCodes: string[] = verified.body.recoveryCodes;
    await invoke(() => buildSignIn(h.deps), httpEvent({ body: { login: 'b@example.org', password: 'Wrong password 9', method: 'password' } }));
    const signIn = await invoke(() => buildSignIn(h.deps), httpEvent({ body: { login: 'b@example.org', password, method: 'sms', phoneNumber } }));
    const signInCode = latestSmsCode(h.outbox, phoneNumber);
    await invoke(() => buildCompleteChallenge(h.deps), httpEvent({ body: { challengeId: signIn.body.challengeId, code: 'ABC-DEF-GHJ' } }));
    const smsSession = await invoke(() => buildCompleteChallenge(h.deps), httpEvent({ body: { challengeId: signIn.body.challengeId, code: signInCode } }));
    expect(smsSession.statusCode).toBe(200);
    const smsSessionId = /__Host-session=([\w-]+)/.exec(smsSession.cookies[0])![1];

    // A recovery code in place of the SMS, a wrong one first; then "J'ai perdu mon téléphone", cancelled.
    await invoke(() => buildSignIn(h.deps), httpEvent({ body: { login: 'b@example.org', password, method: 'recovery_code', recoveryCode: 'WRNG-CODE-HERE' } }));
    const byCode = await invoke(
      () => buildSignIn(h.deps),
      httpEvent({ body: { login: 'b@example.org', password, method: 'recovery_code', recoveryCode: recoveryCodes[0] } }),
    );
    expect(byCode.statusCode).toBe(200);
    const codeSessionId = /__Host-session=([\w-]+)/.exec(byCode.cookies[0])![1];
    await invoke(() => buildRequestReset(h.deps), httpEvent({ cookies: sessionCookieFor(codeSessionId) }));
    const cancelToken = /cancel-reset#token=([\w-]+)/.exec(h.outbox.list('b@example.org').at(-1)!.text)![1];
    expect((await invoke(() => buildCancelReset(h.deps), httpEvent({ body: { token: cancelToken } }))).statusCode).toBe(200);

    // A password-only session refused a second phone, a new password by "lost password" (every
    // session ends, the owner is told), then "sign out everywhere": their security events too.
    const passwordOnly = await invoke(() => buildSignIn(h.deps), httpEvent({ body: { login: 'b@example.org', password, method: 'password' } }));
    const passwordSessionId = /__Host-session=([\w-]+)/.exec(passwordOnly.cookies[0])![1];
    expect(
      (await invoke(() => buildAddPhone(h.deps), httpEvent({ body: { phoneNumber: '+32470123457' }, cookies: sessionCookieFor(passwordSessionId) })))
        .statusCode,
    ).toBe(403);
    const { buildHandler: buildRequestLink } = await import('../../functions/passwords/request-link');
    const { buildHandler: buildSignOutEverywhere } = await import('../../functions/sessions/sign-out-everywhere');
    await invoke(() => buildRequestLink(h.deps), httpEvent({ body: { login: 'b@example.org' } }));
    const resetToken = /token=([\w-]+)/.exec(h.outbox.list('b@example.org').at(-1)!.text)![1];
    const newPassword = 'Un tout autre secret9';
    const reset = await invoke(
      () => buildSetPassword(h.deps),
      httpEvent({ body: { token: resetToken, password: newPassword, passwordConfirmation: newPassword } }),
    );
    const resetSessionId = /__Host-session=([\w-]+)/.exec(reset.cookies[0])![1];
    expect((await invoke(() => buildSignOutEverywhere(h.deps), httpEvent({ method: 'DELETE', cookies: sessionCookieFor(resetSessionId) }))).statusCode).toBe(
      204,
    );
    expect(written()).toContain('sessions_revoked');
    expect(written()).toContain('password_changed');

    expect(written()).toContain('Registration handled');
    expect(written()).toContain('Password set');
    expect(written()).toContain('DynamoDB is down');
    expect(written()).toContain('recovery_code_used');
    const recoverySecrets = [...recoveryCodes, ...recoveryCodes.map((code) => code.replace(/-/g, '')), codeSessionId, cancelToken];
    for (const secret of [
      password,
      token,
      taskToken,
      answer,
      sessionId,
      smsSessionId,
      phoneCode,
      signInCode,
      phoneCode.replace('-', ''),
      signInCode.replace(/-/g, ''),
      ...recoverySecrets,
      passwordSessionId,
      resetToken,
      newPassword,
      resetSessionId,
      phoneNumber,
      'b@example.org',
    ]) {
      expect(written()).not.toContain(secret);
    }
  });
});
