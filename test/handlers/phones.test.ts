import { buildHandler as buildGetMe } from '../../functions/me/get-me';
import { buildHandler as buildAddPhone } from '../../functions/phones/add-phone';
import { buildHandler as buildRemovePhone } from '../../functions/phones/remove-phone';
import { buildHandler as buildVerifyPhone } from '../../functions/phones/verify-phone';
import { buildHandler as buildCompleteChallenge } from '../../functions/sessions/complete-challenge';
import { buildHandler as buildSignIn } from '../../functions/sessions/sign-in';
import { UNAMBIGUOUS_ALPHABET } from '#domain/codes';
import { harness, httpEvent, invoke, latestSmsCode, PASSWORD, sessionCookieFor, signedUpPerson, type Harness } from '../support/builders';

const MINUTE = 60;
const NUMBER = '+32470123456';

describe('mobile phones', () => {
  let h: Harness;
  let cookies: string[];

  beforeEach(async () => {
    h = await harness();
    const person = await signedUpPerson(h, { email: 'bernard@example.org', emailLanguage: 'en' });
    cookies = sessionCookieFor(person.sessionToken);
  });

  const addPhone = (phoneNumber: unknown, withCookies = cookies) =>
    invoke(() => buildAddPhone(h.deps), httpEvent({ body: { phoneNumber }, cookies: withCookies }));
  const verify = (challengeId: string, code: string) => invoke(() => buildVerifyPhone(h.deps), httpEvent({ body: { challengeId, code }, cookies }));
  const me = (withCookies = cookies) => invoke(() => buildGetMe(h.deps), httpEvent({ method: 'GET', cookies: withCookies }));

  describe('POST /api/v1/me/phones', () => {
    it('sends an 8-character challenge shown as XXXX-XXXX, valid 30 minutes', async () => {
      const response = await addPhone('+32 470 12 34 56');
      expect(response.statusCode).toBe(202);
      expect(response.body).toEqual({ challengeId: expect.any(String), expiresAt: new Date(h.clock.now().getTime() + 30 * MINUTE * 1000).toISOString() });
      const [sms] = h.outbox.list(NUMBER);
      expect(sms).toMatchObject({ channel: 'sms', language: 'en' });
      const code = latestSmsCode(h.outbox, NUMBER);
      expect(code).toMatch(new RegExp(`^[${UNAMBIGUOUS_ALPHABET}]{4}-[${UNAMBIGUOUS_ALPHABET}]{4}$`));
      expect(JSON.stringify(await h.items())).not.toContain(code.replace('-', ''));
    });

    it.each([
      ['a fixed line', '+32 2 299 11 11'],
      ['a number without country code', '0470 12 34 56'],
      ['letters', '+32 470 CALL ME'],
      ['an impossible number', '+32 470'],
    ])('refuses %s with 400 phone_invalid and sends nothing', async (_label, phoneNumber) => {
      const response = await addPhone(phoneNumber);
      expect(response).toMatchObject({ statusCode: 400, body: { error: { code: 'phone_invalid', fields: { phoneNumber: { code: 'phone_invalid' } } } } });
      expect(h.outbox.list().filter((m) => m.channel === 'sms')).toEqual([]);
    });

    it('needs a session', async () => {
      expect(await addPhone(NUMBER, [])).toMatchObject({ statusCode: 401, body: { error: { code: 'unauthenticated' } } });
      expect(await addPhone(NUMBER, sessionCookieFor('forged'))).toMatchObject({ statusCode: 401 });
    });

    it('needs a sign-in less than 15 minutes old: 1 s before is fine, 1 s after is refused', async () => {
      h.clock.advance(15 * MINUTE - 1);
      expect((await addPhone(NUMBER)).statusCode).toBe(202);
      h.clock.advance(2);
      expect(await addPhone('+32470123457')).toMatchObject({ statusCode: 403, body: { error: { code: 'reauthentication_required' } } });
    });
  });

  describe('POST /api/v1/me/phones/verify', () => {
    const start = async () => (await addPhone(NUMBER)).body.challengeId as string;

    it('adds the phone, tells the owner by email with the number masked, and shows it in /me', async () => {
      const challengeId = await start();
      const response = await verify(challengeId, latestSmsCode(h.outbox, NUMBER));
      expect(response).toMatchObject({ statusCode: 201, body: { phoneId: expect.any(String), phoneNumber: NUMBER } });
      const notice = h.outbox.list('bernard@example.org').at(-1)!;
      expect(notice.subject).toBe('Mobile phone number added to your account');
      expect(notice.text).toContain('You added the following mobile phone number to your Passerelle account');
      expect(notice.text).toContain('••••••••56');
      expect(notice.text).not.toContain(NUMBER);
      const profile = (await me()).body;
      // This session holds the password only: the number shows masked.
      expect(profile.phones).toEqual([{ phoneId: response.body.phoneId, phoneNumber: '••••••••56', addedAt: h.clock.now().toISOString() }]);
    });

    it.each([
      ['lower case', (code: string) => code.toLowerCase()],
      ['no dash', (code: string) => code.replace('-', '')],
      ['spaces', (code: string) => ` ${code.slice(0, 2)} ${code.slice(2).replace('-', ' - ')} `],
    ])('accepts the code with %s', async (_label, typed) => {
      const challengeId = await start();
      expect((await verify(challengeId, typed(latestSmsCode(h.outbox, NUMBER)))).statusCode).toBe(201);
    });

    it('accepts the code 1 s before 30 minutes', async () => {
      const challengeId = await start();
      h.clock.advance(30 * MINUTE - 1);
      expect((await verify(challengeId, latestSmsCode(h.outbox, NUMBER))).statusCode).toBe(201);
    });

    it('refuses the code 1 s after 30 minutes with 410 challenge_expired', async () => {
      const challengeId = await start();
      h.clock.advance(30 * MINUTE + 1);
      expect(await verify(challengeId, latestSmsCode(h.outbox, NUMBER))).toMatchObject({ statusCode: 410, body: { error: { code: 'challenge_expired' } } });
      expect((await me()).body.phones).toEqual([]);
    });

    it('kills the challenge after 5 wrong codes: the 5th is still 400, then even the right code is 410', async () => {
      const challengeId = await start();
      for (let i = 0; i < 4; i++) expect((await verify(challengeId, 'AAAA-AAAA')).body.error.code).toBe('invalid_code');
      const fifth = await verify(challengeId, 'AAAA-AAAA');
      expect(fifth).toMatchObject({ statusCode: 400, body: { error: { code: 'invalid_code' } } });
      expect((await verify(challengeId, latestSmsCode(h.outbox, NUMBER))).statusCode).toBe(410);
    });

    it('lets a right code through after 4 wrong ones', async () => {
      const challengeId = await start();
      for (let i = 0; i < 4; i++) await verify(challengeId, 'AAAA-AAAA');
      expect((await verify(challengeId, latestSmsCode(h.outbox, NUMBER))).statusCode).toBe(201);
    });

    it('uses a challenge once', async () => {
      const challengeId = await start();
      const code = latestSmsCode(h.outbox, NUMBER);
      const results = await Promise.all([verify(challengeId, code), verify(challengeId, code)]);
      // Never a second 201. The other is refused by the spent challenge (410), or, when the first has
      // already bound the account's first phone, by the step-up rule this password-only session now meets (403).
      const [won, lost] = results.map((r) => r.statusCode).sort();
      expect(won).toBe(201);
      expect([403, 410]).toContain(lost);
      expect((await me()).body.phones).toHaveLength(1);
    });

    it("refuses another account's challenge", async () => {
      const challengeId = await start();
      const other = await signedUpPerson(h, { email: 'other@example.org', firstName: 'Other', lastName: 'Person' });
      const response = await invoke(
        () => buildVerifyPhone(h.deps),
        httpEvent({ body: { challengeId, code: latestSmsCode(h.outbox, NUMBER) }, cookies: sessionCookieFor(other.sessionToken) }),
      );
      expect(response.statusCode).toBe(410);
    });
  });

  describe('factor binding: a password alone binds the first phone only', () => {
    const OTHER = '+32470999901';
    const cookieOf = (response: { cookies: string[] }) => sessionCookieFor(/__Host-session=([\w-]*)/.exec(response.cookies[0] ?? '')![1]);
    const passwordSession = async () =>
      cookieOf(await invoke(() => buildSignIn(h.deps), httpEvent({ body: { login: 'bernard@example.org', password: PASSWORD, method: 'password' } })));
    const smsSession = async () => {
      const started = await invoke(
        () => buildSignIn(h.deps),
        httpEvent({ body: { login: 'bernard@example.org', password: PASSWORD, method: 'sms', phoneNumber: NUMBER } }),
      );
      return cookieOf(
        await invoke(
          () => buildCompleteChallenge(h.deps),
          httpEvent({ body: { challengeId: started.body.challengeId, code: latestSmsCode(h.outbox, NUMBER) } }),
        ),
      );
    };
    const confirmFirstPhone = async () => {
      const { challengeId } = (await addPhone(NUMBER)).body;
      expect((await verify(challengeId, latestSmsCode(h.outbox, NUMBER))).statusCode).toBe(201);
    };

    it('lets a password-only session add the first phone (202)', async () => {
      expect((await addPhone(NUMBER)).statusCode).toBe(202);
    });

    it('refuses a second phone to a password-only session with 403 step_up_required: nothing stored, no SMS sent', async () => {
      await confirmFirstPhone();
      const session = await passwordSession();
      const before = await h.items();
      const sent = h.outbox.list().length;
      const response = await addPhone(OTHER, session);
      expect(response).toMatchObject({ statusCode: 403, body: { error: { code: 'step_up_required', message: expect.stringContaining('SMS') } } });
      expect(h.outbox.list()).toHaveLength(sent);
      // Only the session's idle expiry moved.
      const strip = (items: Record<string, unknown>[]) => items.map(({ idleExpiresAt: _idle, ...item }) => item);
      expect(strip(await h.items())).toEqual(strip(before));
    });

    it('does not tell a password-only session whether a number is already on the account (403, not 409)', async () => {
      await confirmFirstPhone();
      expect((await addPhone(NUMBER, await passwordSession())).body.error.code).toBe('step_up_required');
    });

    it('refuses even when the sign-in is fresh, in every language', async () => {
      await confirmFirstPhone();
      const session = await passwordSession();
      for (const language of ['fr', 'en', 'de', 'it', 'nl']) {
        const response = await invoke(
          () => buildAddPhone(h.deps),
          httpEvent({ body: { phoneNumber: OTHER }, cookies: session, headers: { 'accept-language': language } }),
        );
        expect(response).toMatchObject({ statusCode: 403, body: { error: { code: 'step_up_required' } } });
      }
    });

    it('lets a session proven by SMS add another phone (202), still within 15 minutes of its sign-in', async () => {
      await confirmFirstPhone();
      const session = await smsSession();
      const started = await addPhone(OTHER, session);
      expect(started.statusCode).toBe(202);
      const confirmed = await invoke(
        () => buildVerifyPhone(h.deps),
        httpEvent({ body: { challengeId: started.body.challengeId, code: latestSmsCode(h.outbox, OTHER) }, cookies: session }),
      );
      expect(confirmed.statusCode).toBe(201);
      h.clock.advance(15 * MINUTE);
      expect(await addPhone('+32470999902', session)).toMatchObject({ statusCode: 403, body: { error: { code: 'reauthentication_required' } } });
    });

    it('refuses to confirm, with a password alone, a challenge started before a first phone was confirmed elsewhere', async () => {
      // The thief asks for a code to their own number while the account has no phone yet...
      const thief = await passwordSession();
      const stale = (await addPhone(OTHER, thief)).body.challengeId as string;
      // ...the owner confirms their phone meanwhile...
      await confirmFirstPhone();
      // ...and the thief's code no longer binds anything.
      const response = await invoke(
        () => buildVerifyPhone(h.deps),
        httpEvent({ body: { challengeId: stale, code: latestSmsCode(h.outbox, OTHER) }, cookies: thief }),
      );
      expect(response).toMatchObject({ statusCode: 403, body: { error: { code: 'step_up_required' } } });
      expect((await me()).body.phones).toHaveLength(1);
    });

    it('records phone_added with the account and no number', async () => {
      await confirmFirstPhone();
      const [event] = h.securityEvents.of('phone_added');
      expect(event).toMatchObject({ accountId: expect.any(String), outcome: 'success', details: { assurance: 'password' } });
      expect(JSON.stringify(event)).not.toContain('470123');
    });
  });

  describe('DELETE /api/v1/me/phones/{phoneId}', () => {
    it('needs a session proven by SMS', async () => {
      const { challengeId } = (await addPhone(NUMBER)).body;
      const { phoneId } = (await verify(challengeId, latestSmsCode(h.outbox, NUMBER))).body;
      const event = httpEvent({ method: 'DELETE', cookies });
      event.pathParameters = { phoneId };
      expect(await invoke(() => buildRemovePhone(h.deps), event)).toMatchObject({ statusCode: 403, body: { error: { code: 'step_up_required' } } });
      expect((await me()).body.phones).toHaveLength(1);
    });
  });
});
