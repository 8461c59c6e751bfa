import { captureLogsAtDebug } from '../support/captured-logs';
/**
 * Enrols an authenticator app and a security key and signs in with each, the logger at DEBUG: the
 * TOTP secret, its URI, its codes and the WebAuthn answers never reach a log line.
 */
describe('logs of the stronger factors', () => {
  const written = captureLogsAtDebug();

  it('never contain a TOTP secret or code, nor a signature', async () => {
    const { Secret, TOTP } = await import('otpauth');
    const { harness, httpEvent, invoke, ORIGIN, PASSWORD, sessionCookieFor, signedUpPerson } = await import('../support/builders');
    const { SoftAuthenticator } = await import('../support/soft-authenticator');
    const { buildHandler: buildAddApp } = await import('../../functions/factors/add-authenticator-app');
    const { buildHandler: buildConfirmApp } = await import('../../functions/factors/confirm-authenticator-app');
    const { buildHandler: buildStartRegistration } = await import('../../functions/factors/start-key-registration');
    const { buildHandler: buildAddKey } = await import('../../functions/factors/add-security-key');
    const { buildHandler: buildSignIn } = await import('../../functions/sessions/sign-in');
    const { buildHandler: buildCompleteChallenge } = await import('../../functions/sessions/complete-challenge');
    const { buildHandler: buildCompleteKeySignIn } = await import('../../functions/sessions/complete-key-sign-in');
    const h = await harness();
    const email = 'logs@example.org';
    const person = await signedUpPerson(h, { email });
    const cookies = sessionCookieFor(person.sessionToken);
    const code = (secret: string) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: h.clock.now().getTime() });

    const { appId, secret, otpauthUri } = (await invoke(() => buildAddApp(h.deps), httpEvent({ cookies }))).body;
    const confirm = httpEvent({ body: { code: code(secret) }, cookies });
    confirm.pathParameters = { appId };
    expect((await invoke(() => buildConfirmApp(h.deps), confirm)).statusCode).toBe(200);
    h.clock.advance(60);
    const totp = (await invoke(() => buildSignIn(h.deps), httpEvent({ body: { login: email, password: PASSWORD, method: 'totp' } }))).body;
    const typed = code(secret);
    await invoke(() => buildCompleteChallenge(h.deps), httpEvent({ body: { challengeId: totp.challengeId, code: '000000' } }));
    const signedIn = await invoke(() => buildCompleteChallenge(h.deps), httpEvent({ body: { challengeId: totp.challengeId, code: typed } }));
    expect(signedIn.statusCode).toBe(200);
    // Proven by the app, the session may add a key.
    const totpCookies = sessionCookieFor(/__Host-session=([\w-]*)/.exec(signedIn.cookies[0])![1]);
    const key = new SoftAuthenticator(ORIGIN);
    const started = (await invoke(() => buildStartRegistration(h.deps), httpEvent({ cookies: totpCookies }))).body;
    const registration = key.create(started.options);
    const added = httpEvent({ body: { challengeId: started.challengeId, name: 'Clé', response: registration }, cookies: totpCookies });
    expect((await invoke(() => buildAddKey(h.deps), added)).statusCode).toBe(201);
    const webauthn = (await invoke(() => buildSignIn(h.deps), httpEvent({ body: { login: email, password: PASSWORD, method: 'webauthn' } }))).body;
    const answer = key.get(webauthn.options);
    expect((await invoke(() => buildCompleteKeySignIn(h.deps), httpEvent({ body: { challengeId: webauthn.challengeId, response: answer } }))).statusCode).toBe(
      200,
    );

    expect(written()).toContain('factor_used');
    // The code as a number of its own (not inside a longer run of digits, such as a timestamp).
    expect(new RegExp(`(?<!\\d)${typed}(?!\\d)`).test(written())).toBe(false);
    for (const value of [
      secret,
      encodeURIComponent(secret),
      otpauthUri,
      answer.response.signature,
      registration.response.attestationObject,
      answer.response.clientDataJSON,
    ])
      expect([value, written().includes(value)]).toEqual([value, false]);
  });
});
