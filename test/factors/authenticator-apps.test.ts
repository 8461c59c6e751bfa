import { Secret, TOTP } from 'otpauth';
import { buildHandler as buildAddApp } from '../../functions/factors/add-authenticator-app';
import { buildHandler as buildConfirmApp } from '../../functions/factors/confirm-authenticator-app';
import { buildHandler as buildRemoveApp } from '../../functions/factors/remove-authenticator-app';
import { buildHandler as buildGetMe } from '../../functions/me/get-me';
import { buildHandler as buildAddPhone } from '../../functions/phones/add-phone';
import { buildHandler as buildVerifyPhone } from '../../functions/phones/verify-phone';
import { buildHandler as buildCompleteChallenge } from '../../functions/sessions/complete-challenge';
import { buildHandler as buildSignIn } from '../../functions/sessions/sign-in';
import { harness, httpEvent, invoke, latestSmsCode, PASSWORD, sessionCookieFor, signedUpPerson, type Harness } from '../support/builders';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const STEP = 30;
const NUMBER = '+32470123456';
const EMAIL = 'bernard@example.org';

describe('"Jeton logiciel": an authenticator app (TOTP)', () => {
  let h: Harness;

  const cookieOf = (response: { cookies: string[] }) => /__Host-session=([\w-]*)/.exec(response.cookies[0] ?? '')?.[1] ?? '';
  const signIn = (body: Record<string, unknown>) => invoke(() => buildSignIn(h.deps), httpEvent({ body }));
  const complete = (challengeId: string, code: string) => invoke(() => buildCompleteChallenge(h.deps), httpEvent({ body: { challengeId, code } }));
  const me = (token: string) => invoke(() => buildGetMe(h.deps), httpEvent({ method: 'GET', cookies: sessionCookieFor(token) }));
  const addApp = (token: string) => invoke(() => buildAddApp(h.deps), httpEvent({ cookies: sessionCookieFor(token) }));
  const confirmApp = (token: string, appId: string, code: string) => {
    const event = httpEvent({ body: { code }, cookies: sessionCookieFor(token) });
    event.pathParameters = { appId };
    return invoke(() => buildConfirmApp(h.deps), event);
  };
  const removeApp = (token: string, appId: string) => {
    const event = httpEvent({ method: 'DELETE', cookies: sessionCookieFor(token) });
    event.pathParameters = { appId };
    return invoke(() => buildRemoveApp(h.deps), event);
  };
  /** The code an app shows for this secret, `steps` time steps from the harness's now. */
  const codeFor = (secret: string, steps = 0) =>
    TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: STEP, timestamp: h.clock.now().getTime() + steps * STEP * 1000 });

  const smsSession = async () => {
    const { challengeId } = (await signIn({ login: EMAIL, password: PASSWORD, method: 'sms', phoneNumber: NUMBER })).body;
    return cookieOf(await complete(challengeId, latestSmsCode(h.outbox, NUMBER)));
  };
  const passwordSession = async () => cookieOf(await signIn({ login: EMAIL, password: PASSWORD, method: 'password' }));
  /** Enrols an app with a session and returns its secret and id. */
  const enrol = async (token: string) => {
    const started = await addApp(token);
    expect(started.statusCode).toBe(201);
    expect((await confirmApp(token, started.body.appId, codeFor(started.body.secret))).statusCode).toBe(200);
    h.clock.advance(STEP); // the confirmation's step is spent
    return started.body as { appId: string; secret: string };
  };
  const totpSignIn = async (code: string) => {
    const started = await signIn({ login: EMAIL, password: PASSWORD, method: 'totp' });
    expect(started.statusCode).toBe(202);
    return complete(started.body.challengeId, code);
  };

  describe('with a phone on the account', () => {
    beforeEach(async () => {
      h = await harness();
      const person = await signedUpPerson(h, { email: EMAIL });
      const cookies = sessionCookieFor(person.sessionToken);
      const { challengeId } = (await invoke(() => buildAddPhone(h.deps), httpEvent({ body: { phoneNumber: NUMBER }, cookies }))).body;
      await invoke(() => buildVerifyPhone(h.deps), httpEvent({ body: { challengeId, code: latestSmsCode(h.outbox, NUMBER) }, cookies }));
      h.clock.advance(HOUR);
    });

    it('refuses to enrol with a password-only session: a stolen password must not add a factor', async () => {
      expect(await addApp(await passwordSession())).toMatchObject({ statusCode: 403, body: { error: { code: 'step_up_required' } } });
    });

    it('shows the secret once, as text, as an otpauth URI and as an SVG QR code, and stores it sealed', async () => {
      const token = await smsSession();
      const started = await addApp(token);
      expect(started.statusCode).toBe(201);
      const { appId, secret, otpauthUri, qrSvg } = started.body;
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      const parsed = new URL(otpauthUri);
      expect(parsed.protocol).toBe('otpauth:');
      expect(parsed.searchParams.get('secret')).toBe(secret);
      expect(parsed.searchParams.get('issuer')).toBe('Passerelle');
      expect(qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(JSON.stringify(await h.items())).not.toContain(secret);
      // Not a factor until confirmed: /me does not list it.
      expect((await me(token)).body.authenticatorApps).toEqual([]);
      expect(await confirmApp(token, appId, codeFor(secret))).toMatchObject({ statusCode: 200, body: { appId } });
      const profile = (await me(token)).body;
      expect(profile.authenticatorApps).toEqual([{ appId, addedAt: h.clock.now().toISOString() }]);
      expect(JSON.stringify(profile)).not.toContain(secret);
      expect(h.securityEvents.of('factor_added')).toEqual([
        expect.objectContaining({ outcome: 'success', details: expect.objectContaining({ factor: 'totp', appId }) }),
      ]);
      const email = h.outbox.list(EMAIL).at(-1)!;
      expect(email.subject).toBe("Méthode d'authentification ajoutée à votre compte");
      expect(email.text).toContain('Jeton logiciel');
    });

    it('refuses a wrong confirmation code, and kills the enrolment after 5', async () => {
      const token = await smsSession();
      const { appId, secret } = (await addApp(token)).body;
      for (let i = 0; i < 5; i++)
        expect(await confirmApp(token, appId, '000000')).toMatchObject({ statusCode: 400, body: { error: { code: 'invalid_code' } } });
      expect(await confirmApp(token, appId, codeFor(secret))).toMatchObject({ statusCode: 410, body: { error: { code: 'enrolment_expired' } } });
    });

    it('lets the enrolment die after 10 minutes', async () => {
      const token = await smsSession();
      const { appId, secret } = (await addApp(token)).body;
      h.clock.advance(10 * MINUTE);
      expect((await confirmApp(token, appId, codeFor(secret))).statusCode).toBe(410);
    });

    it('signs in with password, "totp" and a 6-digit code, with assurance totp', async () => {
      const { secret } = await enrol(await smsSession());
      const response = await totpSignIn(codeFor(secret).replace(/(\d{3})/, '$1 '));
      expect(response).toMatchObject({ statusCode: 200, body: { status: 'signed_in', assurance: 'totp' } });
      expect((await me(cookieOf(response))).body.session.assurance).toBe('totp');
      expect((await me(cookieOf(response))).body.authenticatorApps[0].lastUsedAt).toBe(h.clock.now().toISOString());
      expect(h.securityEvents.of('sign_in').at(-1)).toMatchObject({ outcome: 'success', details: { method: 'totp' } });
    });

    it('refuses a code used once already (replay), and an older one after a newer one', async () => {
      const { secret } = await enrol(await smsSession());
      const code = codeFor(secret);
      expect((await totpSignIn(code)).statusCode).toBe(200);
      expect(await totpSignIn(code)).toMatchObject({ statusCode: 401, body: { error: { code: 'invalid_code' } } });
      expect(h.securityEvents.of('factor_used').at(-1)).toMatchObject({ outcome: 'replay_refused' });
      h.clock.advance(STEP);
      expect((await totpSignIn(codeFor(secret))).statusCode).toBe(200);
      expect((await totpSignIn(codeFor(secret, -1))).statusCode).toBe(401);
    });

    it('accepts one time step of drift either side, not two', async () => {
      const { secret } = await enrol(await smsSession());
      h.clock.advance(2 * STEP); // away from the confirmation's step
      expect((await totpSignIn(codeFor(secret, -2))).statusCode).toBe(401);
      expect((await totpSignIn(codeFor(secret, 2))).statusCode).toBe(401);
      expect((await totpSignIn(codeFor(secret, -1))).statusCode).toBe(200);
      expect((await totpSignIn(codeFor(secret, 1))).statusCode).toBe(200);
    });

    it('refuses "totp" for an account without an app exactly as a wrong password, and counts it', async () => {
      const noApp = await signIn({ login: EMAIL, password: PASSWORD, method: 'totp' });
      const wrongPassword = await signIn({ login: EMAIL, password: 'Wrong password 1', method: 'totp' });
      const unknown = await signIn({ login: 'nobody@example.org', password: PASSWORD, method: 'totp' });
      expect(noApp.statusCode).toBe(401);
      expect(noApp.body).toEqual(wrongPassword.body);
      expect(noApp.body).toEqual(unknown.body);
      expect(h.securityEvents.of('sign_in').at(-3)).toMatchObject({ outcome: 'failure', details: { method: 'totp', reason: 'no_authenticator_app' } });
    });

    it('counts wrong codes with wrong passwords and SMS codes: the 10th failure locks sign-in', async () => {
      const { secret } = await enrol(await smsSession());
      for (let i = 0; i < 5; i++) await signIn({ login: EMAIL, password: 'Wrong password 1', method: 'password' });
      const started = await signIn({ login: EMAIL, password: PASSWORD, method: 'totp' });
      for (let i = 0; i < 4; i++) expect((await complete(started.body.challengeId, '123456')).statusCode).toBe(401);
      expect(h.securityEvents.of('sign_in').at(-1)).toMatchObject({ outcome: 'failure', details: { method: 'totp', reason: 'wrong_code' } });
      expect(h.securityEvents.of('wrong_code').at(-1)).toMatchObject({ details: { purpose: 'sign_in_totp' } });
      const tenth = await complete(started.body.challengeId, '654321');
      expect(tenth.statusCode).toBe(401);
      expect(h.securityEvents.of('sign_in_locked')).toHaveLength(1);
      // Locked: even the right password and code are refused, with the same answers.
      expect((await signIn({ login: EMAIL, password: PASSWORD, method: 'totp' })).statusCode).toBe(401);
      h.clock.advance(10 * MINUTE + 1);
      expect((await totpSignIn(codeFor(secret))).statusCode).toBe(200);
    });

    it('kills the challenge after 5 wrong codes', async () => {
      const { secret } = await enrol(await smsSession());
      const started = await signIn({ login: EMAIL, password: PASSWORD, method: 'totp' });
      for (let i = 0; i < 5; i++) await complete(started.body.challengeId, '000000');
      expect(await complete(started.body.challengeId, codeFor(secret))).toMatchObject({ statusCode: 410, body: { error: { code: 'challenge_expired' } } });
    });

    it('is removed with a second-factor session (a TOTP one does), emails the owner and ends the other sessions', async () => {
      const smsToken = await smsSession();
      const { appId, secret } = await enrol(smsToken);
      expect(await removeApp(await passwordSession(), appId)).toMatchObject({ statusCode: 403, body: { error: { code: 'step_up_required' } } });
      const totpToken = cookieOf(await totpSignIn(codeFor(secret)));
      expect((await removeApp(totpToken, appId)).statusCode).toBe(204);
      expect((await me(totpToken)).body.authenticatorApps).toEqual([]);
      expect((await me(smsToken)).statusCode).toBe(401);
      expect(h.outbox.list(EMAIL).at(-1)!.subject).toBe("Méthode d'authentification retirée de votre compte");
      expect(h.securityEvents.of('factor_removed')).toHaveLength(1);
      expect((await removeApp(totpToken, appId)).statusCode).toBe(404);
    });
  });

  describe('as the only factor', () => {
    it('may be the first factor of an account without any, and then cannot be removed', async () => {
      h = await harness();
      const person = await signedUpPerson(h, { email: EMAIL });
      const { appId, secret } = await enrol(person.sessionToken);
      h.clock.advance(HOUR);
      const token = cookieOf(await totpSignIn(codeFor(secret)));
      expect(await removeApp(token, appId)).toMatchObject({ statusCode: 409, body: { error: { code: 'last_factor' } } });
      expect((await me(token)).body.authenticatorApps).toHaveLength(1);
    });
  });
});
