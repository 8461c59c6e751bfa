import { buildHandler as buildGetMe } from '../../functions/me/get-me';
import { buildHandler as buildAddPhone } from '../../functions/phones/add-phone';
import { buildHandler as buildRemovePhone } from '../../functions/phones/remove-phone';
import { buildHandler as buildVerifyPhone } from '../../functions/phones/verify-phone';
import { buildHandler as buildCompleteChallenge } from '../../functions/sessions/complete-challenge';
import { buildHandler as buildSignIn } from '../../functions/sessions/sign-in';
import { buildHandler as buildSignOut } from '../../functions/sessions/sign-out';
import { UNAMBIGUOUS_ALPHABET } from '#domain/codes';
import type { PasswordHasher } from '#domain/hashing-ports';
import { harness, httpEvent, invoke, latestSmsCode, PASSWORD, sessionCookieFor, signedUpPerson, type Harness } from '../support/builders';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const NUMBER = '+32470123456';
const EMAIL = 'bernard@example.org';

describe('signing in', () => {
  let h: Harness;
  let username: string;
  let verifications: number;

  const cookieOf = (response: { cookies: string[] }) => /__Host-session=([\w-]*)/.exec(response.cookies[0] ?? '')?.[1] ?? '';
  const signIn = (body: Record<string, unknown>, cookies?: string[]) => invoke(() => buildSignIn(h.deps), httpEvent({ body, cookies }));
  const complete = (challengeId: string, code: string) => invoke(() => buildCompleteChallenge(h.deps), httpEvent({ body: { challengeId, code } }));
  const me = (token: string) => invoke(() => buildGetMe(h.deps), httpEvent({ method: 'GET', cookies: sessionCookieFor(token) }));

  beforeEach(async () => {
    h = await harness();
    // Count argon2id verifications (against a dummy hash too): an unknown login must cost one.
    verifications = 0;
    const hasher: PasswordHasher = h.deps.hasher;
    h.deps.hasher = { hash: hasher.hash, verify: (hash, password) => (verifications++, hasher.verify(hash, password)) };
    const person = await signedUpPerson(h, { email: EMAIL });
    username = person.username;
    // The manual's step 8: the phone is added right after the password is set.
    const cookies = sessionCookieFor(person.sessionToken);
    const { challengeId } = (await invoke(() => buildAddPhone(h.deps), httpEvent({ body: { phoneNumber: NUMBER }, cookies }))).body;
    await invoke(() => buildVerifyPhone(h.deps), httpEvent({ body: { challengeId, code: latestSmsCode(h.outbox, NUMBER) }, cookies }));
    h.clock.advance(HOUR);
  });

  const smsSignIn = async () => {
    const started = await signIn({ login: EMAIL, password: PASSWORD, method: 'sms', phoneNumber: '+32 470 12 34 56' });
    expect(started.statusCode).toBe(202);
    return started.body.challengeId as string;
  };

  describe('with a password', () => {
    it.each([
      ['email', EMAIL],
      ['email in another case', 'Bernard@EXAMPLE.org'],
    ])('signs in by %s', async (_label, login) => {
      const response = await signIn({ login, password: PASSWORD, method: 'password' });
      expect(response).toMatchObject({ statusCode: 200, body: { status: 'signed_in', assurance: 'password' } });
      expect((await me(cookieOf(response))).body.session).toEqual({ assurance: 'password', authenticatedAt: h.clock.now().toISOString() });
    });

    it('signs in by username', async () => {
      expect((await signIn({ login: username.toUpperCase(), password: PASSWORD, method: 'password' })).statusCode).toBe(200);
    });

    it('gives a new session id at every sign-in and ends the one the browser held', async () => {
      const first = cookieOf(await signIn({ login: EMAIL, password: PASSWORD, method: 'password' }));
      const second = cookieOf(await signIn({ login: EMAIL, password: PASSWORD, method: 'password' }, sessionCookieFor(first)));
      expect(second).not.toBe(first);
      expect((await me(first)).statusCode).toBe(401);
      expect((await me(second)).statusCode).toBe(200);
    });
  });

  describe('refusals', () => {
    it('answers unknown login, wrong password and a phone not on the account alike, after the same argon2id work', async () => {
      const attempts = [
        { login: 'nobody@example.org', password: PASSWORD, method: 'password' },
        { login: 'nnobodyxx', password: PASSWORD, method: 'password' },
        { login: EMAIL, password: 'Wrong password 1', method: 'password' },
        { login: EMAIL, password: PASSWORD, method: 'sms', phoneNumber: '+32470999999' },
      ];
      const responses = [];
      for (const attempt of attempts) {
        const before = verifications;
        responses.push(await signIn(attempt));
        expect(verifications - before).toBe(1);
      }
      for (const response of responses) {
        expect(response.statusCode).toBe(401);
        expect(response.body).toEqual(responses[0].body);
      }
      expect(responses[0].body.error.code).toBe('invalid_credentials');
      expect(h.outbox.list('+32470999999')).toEqual([]);
    });

    it.each([
      [{ login: EMAIL, password: PASSWORD, method: 'sms' }, 'phoneNumber'],
      [{ login: EMAIL, password: PASSWORD, method: 'sms', phoneNumber: '+32 2 299 11 11' }, 'phoneNumber'],
      [{ login: EMAIL, password: PASSWORD, method: 'carrier pigeon' }, 'method'],
      [{ login: '', password: PASSWORD, method: 'password' }, 'login'],
    ])('refuses a malformed request %j with a 400 on %s', async (body, field) => {
      const response = await signIn(body);
      expect(response.statusCode).toBe(400);
      expect(Object.keys(response.body.error.fields)).toContain(field);
    });
  });

  describe('with an SMS challenge', () => {
    it('sends a 9-character challenge shown as ABC-123-DEF to that phone, and opens a session with assurance sms', async () => {
      const challengeId = await smsSignIn();
      const code = latestSmsCode(h.outbox, NUMBER);
      expect(code).toMatch(new RegExp(`^[${UNAMBIGUOUS_ALPHABET}]{3}-[${UNAMBIGUOUS_ALPHABET}]{3}-[${UNAMBIGUOUS_ALPHABET}]{3}$`));
      const response = await complete(challengeId, code.toLowerCase().replace(/-/g, ' '));
      expect(response).toMatchObject({ statusCode: 200, body: { assurance: 'sms' } });
      expect((await me(cookieOf(response))).body.session.assurance).toBe('sms');
    });

    it('opens at most one session per challenge', async () => {
      const challengeId = await smsSignIn();
      const code = latestSmsCode(h.outbox, NUMBER);
      const results = await Promise.all([complete(challengeId, code), complete(challengeId, code)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410]);
      expect((await complete(challengeId, code)).statusCode).toBe(410);
    });

    it('accepts the code 1 s before 30 minutes and refuses it 1 s after', async () => {
      const early = await smsSignIn();
      const earlyCode = latestSmsCode(h.outbox, NUMBER);
      const late = await smsSignIn();
      const lateCode = latestSmsCode(h.outbox, NUMBER);
      h.clock.advance(30 * MINUTE - 1);
      expect((await complete(early, earlyCode)).statusCode).toBe(200);
      h.clock.advance(2);
      expect(await complete(late, lateCode)).toMatchObject({ statusCode: 410, body: { error: { code: 'challenge_expired' } } });
    });

    it('answers a wrong code with 401 invalid_code and kills the challenge at the 5th', async () => {
      const challengeId = await smsSignIn();
      for (let i = 0; i < 5; i++)
        expect(await complete(challengeId, 'AAA-AAA-AAA')).toMatchObject({ statusCode: 401, body: { error: { code: 'invalid_code' } } });
      expect((await complete(challengeId, latestSmsCode(h.outbox, NUMBER))).statusCode).toBe(410);
    });
  });

  describe('the lock after 10 failed sign-ins', () => {
    const fail = () => signIn({ login: EMAIL, password: 'Wrong password 1', method: 'password' });
    const good = () => signIn({ login: EMAIL, password: PASSWORD, method: 'password' });
    const lockEmails = () => h.outbox.list(EMAIL).filter((m) => m.subject === 'Connexion à votre compte bloquée temporairement');

    it('locks at the 10th failure, refuses the right password with the same 401, emails the owner once, and lifts after 10 minutes', async () => {
      for (let i = 0; i < 9; i++) await fail();
      expect(lockEmails()).toEqual([]);
      const tenth = await fail();
      expect(lockEmails()).toHaveLength(1);
      const refused = await good();
      expect(refused).toEqual(tenth);
      h.clock.advance(10 * MINUTE - 1);
      expect((await good()).statusCode).toBe(401);
      h.clock.advance(2);
      expect((await good()).statusCode).toBe(200);
      expect(lockEmails()).toHaveLength(1);
    });

    it('counts wrong SMS codes too, and asking for a new challenge never resets the count', async () => {
      for (let i = 0; i < 5; i++) await fail();
      for (let i = 0; i < 5; i++) {
        const challengeId = await smsSignIn();
        await complete(challengeId, 'AAA-AAA-AAA');
        h.clock.advance(5 * MINUTE); // stay within the SMS limits
      }
      expect(lockEmails()).toHaveLength(1);
      expect((await good()).statusCode).toBe(401);
    });

    it('is reset by a successful sign-in', async () => {
      for (let i = 0; i < 9; i++) await fail();
      expect((await good()).statusCode).toBe(200);
      for (let i = 0; i < 9; i++) await fail();
      expect((await good()).statusCode).toBe(200);
      expect(lockEmails()).toEqual([]);
    });
  });

  describe('SMS limits per number, across accounts', () => {
    it('allows 3 SMS in 10 minutes; the 4th is 429 with Retry-After and sends nothing; one frees 1 s after 10 minutes', async () => {
      for (let i = 0; i < 3; i++) {
        await smsSignIn();
        h.clock.advance(MINUTE);
      }
      const sent = h.outbox.list(NUMBER).length;
      const refused = await signIn({ login: EMAIL, password: PASSWORD, method: 'sms', phoneNumber: NUMBER });
      expect(refused).toMatchObject({ statusCode: 429, body: { error: { code: 'rate_limited' } } });
      // The first SMS leaves the window 10 minutes after it was sent: 7 minutes from now.
      expect(refused.headers['retry-after']).toBe(String(7 * MINUTE));
      expect(h.outbox.list(NUMBER)).toHaveLength(sent);
      h.clock.advance(7 * MINUTE - 1);
      expect((await signIn({ login: EMAIL, password: PASSWORD, method: 'sms', phoneNumber: NUMBER })).statusCode).toBe(429);
      h.clock.advance(2);
      expect((await signIn({ login: EMAIL, password: PASSWORD, method: 'sms', phoneNumber: NUMBER })).statusCode).toBe(202);
    });

    it('counts SMS to the same number from another account', async () => {
      const other = await signedUpPerson(h, { email: 'other@example.org', firstName: 'Other', lastName: 'Person' });
      for (let i = 0; i < 3; i++) await smsSignIn();
      h.clock.advance(MINUTE);
      const response = await invoke(() => buildAddPhone(h.deps), httpEvent({ body: { phoneNumber: NUMBER }, cookies: sessionCookieFor(other.sessionToken) }));
      expect(response.statusCode).toBe(429);
    });

    it('allows 20 SMS in 24 hours', async () => {
      h.clock.advance(24 * HOUR); // the SMS that verified the phone leaves the window
      for (let i = 0; i < 20; i++) {
        expect((await signIn({ login: EMAIL, password: PASSWORD, method: 'sms', phoneNumber: NUMBER })).statusCode).toBe(202);
        h.clock.advance(11 * MINUTE);
      }
      const refused = await signIn({ login: EMAIL, password: PASSWORD, method: 'sms', phoneNumber: NUMBER });
      expect(refused.statusCode).toBe(429);
      // The first of the 20 was sent 220 minutes ago: it leaves the 24-hour window in 24 h - 220 min.
      expect(refused.headers['retry-after']).toBe(String(24 * HOUR - 220 * MINUTE));
    });
  });

  describe('sessions', () => {
    let token: string;
    beforeEach(async () => {
      token = cookieOf(await signIn({ login: EMAIL, password: PASSWORD, method: 'password' }));
    });

    it('without a cookie, /me is 401', async () => {
      expect(await invoke(() => buildGetMe(h.deps), httpEvent({ method: 'GET' }))).toMatchObject({
        statusCode: 401,
        body: { error: { code: 'unauthenticated' } },
      });
    });

    it('shows the account in /me, with nothing secret, and the phone masked to a password-only session', async () => {
      const { body } = await me(token);
      expect(body).toEqual({
        username,
        firstName: 'Bernard',
        lastName: 'Zanella',
        email: EMAIL,
        emailLanguage: 'fr',
        phones: [{ phoneId: expect.any(String), phoneNumber: '••••••••56', addedAt: expect.any(String) }],
        authenticatorApps: [],
        securityKeys: [],
        session: { assurance: 'password', authenticatedAt: h.clock.now().toISOString() },
        roles: [],
        recoveryCodesLeft: 10,
        entitlements: { rcam: { status: 'none' }, myIntracomm: { status: 'none' }, pmoContact: { status: 'none' } },
      });
    });

    it('dies after 1 hour idle: alive 1 s before, dead 1 s after', async () => {
      h.clock.advance(HOUR - 1);
      expect((await me(token)).statusCode).toBe(200);
      h.clock.advance(HOUR + 1);
      expect((await me(token)).statusCode).toBe(401);
    });

    it('moves its idle end at most once a minute: 59 s after a move, nothing moves', async () => {
      h.clock.advance(30 * MINUTE);
      expect((await me(token)).statusCode).toBe(200); // ends at sign-in + 1 h 30
      h.clock.advance(59);
      expect((await me(token)).statusCode).toBe(200); // would gain 59 s: still sign-in + 1 h 30
      h.clock.advance(HOUR - 59);
      expect((await me(token)).statusCode).toBe(401);
    });

    it('moves its idle end again 60 s after a move', async () => {
      h.clock.advance(60);
      expect((await me(token)).statusCode).toBe(200); // gains 60 s: ends at sign-in + 1 h 1 min
      h.clock.advance(HOUR - 1);
      expect((await me(token)).statusCode).toBe(200);
      h.clock.advance(HOUR + 1);
      expect((await me(token)).statusCode).toBe(401);
    });

    it('dies after 12 hours however active', async () => {
      for (let i = 0; i < 12 * 2 - 1; i++) {
        h.clock.advance(30 * MINUTE);
        expect((await me(token)).statusCode).toBe(200);
      }
      h.clock.advance(30 * MINUTE - 1);
      expect((await me(token)).statusCode).toBe(200);
      h.clock.advance(1);
      expect((await me(token)).statusCode).toBe(401);
    });

    it('shows the phone in full to a session proven by SMS', async () => {
      const smsToken = cookieOf(await complete(await smsSignIn(), latestSmsCode(h.outbox, NUMBER)));
      expect((await me(smsToken)).body.phones).toEqual([
        { phoneId: expect.any(String), phoneNumber: NUMBER, addedAt: expect.any(String), lastUsedAt: h.clock.now().toISOString() },
      ]);
      expect(JSON.stringify((await me(token)).body)).not.toContain('470123');
    });

    it('signs out: 204, the cookie cleared, the session dead server-side', async () => {
      const response = await invoke(() => buildSignOut(h.deps), httpEvent({ method: 'DELETE', cookies: sessionCookieFor(token) }));
      expect(response.statusCode).toBe(204);
      expect(response.cookies).toEqual(['__Host-session=; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=0']);
      expect((await me(token)).statusCode).toBe(401);
    });
  });

  describe('removing a phone', () => {
    const remove = (phoneId: string, token: string) => {
      const event = httpEvent({ method: 'DELETE', cookies: sessionCookieFor(token) });
      event.pathParameters = { phoneId };
      return invoke(() => buildRemovePhone(h.deps), event);
    };

    it('with a session proven by SMS: 204, gone from /me, and an email notice', async () => {
      const challengeId = await smsSignIn();
      const token = cookieOf(await complete(challengeId, latestSmsCode(h.outbox, NUMBER)));
      const [phone] = (await me(token)).body.phones;
      expect((await remove(phone.phoneId, token)).statusCode).toBe(204);
      expect((await me(token)).body.phones).toEqual([]);
      expect(h.outbox.list(EMAIL).at(-1)!.subject).toBe('Numéro de téléphone portable retiré de votre compte');
      expect((await remove(phone.phoneId, token)).statusCode).toBe(404);
    });

    it("ends every other session of the account, not the current one, nor another person's", async () => {
      const current = cookieOf(await complete(await smsSignIn(), latestSmsCode(h.outbox, NUMBER)));
      const otherSms = cookieOf(await complete(await smsSignIn(), latestSmsCode(h.outbox, NUMBER)));
      const otherPassword = cookieOf(await signIn({ login: EMAIL, password: PASSWORD, method: 'password' }));
      const stranger = (await signedUpPerson(h, { email: 'other@example.org', firstName: 'Other', lastName: 'Person' })).sessionToken;
      const [phone] = (await me(current)).body.phones;
      expect((await remove(phone.phoneId, current)).statusCode).toBe(204);
      expect((await me(otherSms)).statusCode).toBe(401);
      expect((await me(otherPassword)).statusCode).toBe(401);
      expect((await me(current)).statusCode).toBe(200);
      expect((await me(stranger)).statusCode).toBe(200);
      expect(h.securityEvents.of('phone_removed')).toEqual([expect.objectContaining({ outcome: 'success', details: { phoneId: phone.phoneId } })]);
      expect(h.securityEvents.of('sessions_revoked').at(-1)).toMatchObject({
        outcome: 'success',
        details: { reason: 'phone_removed', count: 2, keptCurrent: true },
      });
    });
  });
});
