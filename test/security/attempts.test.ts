import { randomUUID } from 'node:crypto';
import { buildHandler as buildRequestLink } from '../../functions/passwords/request-link';
import { buildHandler as buildSetPassword } from '../../functions/passwords/set-password';
import { buildHandler as buildAddPhone } from '../../functions/phones/add-phone';
import { buildHandler as buildRedeem } from '../../functions/rcam/redeem-code';
import { buildHandler as buildCompleteChallenge } from '../../functions/sessions/complete-challenge';
import { buildHandler as buildSignIn } from '../../functions/sessions/sign-in';
import { createArgon2Hasher } from '#adapters/argon2-hasher';
import { hashCode } from '#domain/codes';
import type { PasswordHasher } from '#domain/hashing-ports';
import { openSession } from '#domain/sessions';
import { harness, httpEvent, invoke, latestSmsCode, PASSWORD, sessionCookieFor, signedUpPerson, type Harness } from '../support/builders';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const EMAIL = 'bernard@example.org';
const WRONG = 'Wrong password 1';

/**
 * The attacks on attempts and budgets, run as an attacker runs them: concurrent bursts, the clock
 * moved across windows, many numbers from one account. Real adapters on DynamoDB Local.
 */
describe('attempt accounting and SMS budgets under attack', () => {
  let h: Harness;
  let accountId: string;
  let sessionToken: string;
  /** argon2id verifications against a real hash (a refused or unknown attempt verifies against a dummy one). */
  let verifications: number;

  const signIn = (body: Record<string, unknown>) => invoke(() => buildSignIn(h.deps), httpEvent({ body }));
  const wrong = () => signIn({ login: EMAIL, password: WRONG, method: 'password' });
  const right = () => signIn({ login: EMAIL, password: PASSWORD, method: 'password' });
  const emails = (subject: string) => h.outbox.list(EMAIL).filter((m) => m.subject === subject);
  const lockEmails = () => emails('Connexion à votre compte bloquée temporairement');
  const disabledEmails = () => emails('Connexion par mot de passe désactivée sur votre compte');
  const addPhone = (phoneNumber: string, token = sessionToken, language = 'fr') =>
    invoke(() => buildAddPhone(h.deps), httpEvent({ body: { phoneNumber }, cookies: sessionCookieFor(token), headers: { 'accept-language': language } }));

  beforeEach(async () => {
    h = await harness();
    verifications = 0;
    // argon2id with light parameters: 40 verifications in one process (a burst is 40 Lambdas in AWS) must fit the handler's timeout.
    const hasher: PasswordHasher = createArgon2Hasher({ memorySize: 1024, iterations: 1, parallelism: 1, hashLength: 32 });
    h.deps.hasher = { hash: hasher.hash, verify: (hash, password) => (hash && verifications++, hasher.verify(hash, password)) };
    ({ accountId, sessionToken } = await signedUpPerson(h, { email: EMAIL }));
  });

  describe('password guessing', () => {
    it('40 wrong passwords at once: at most 10 verifications, one lock, one email, 40 identical 401s; the right password refused while locked', async () => {
      const answers = await Promise.all(Array.from({ length: 40 }, wrong));
      expect(new Set(answers.map((a) => JSON.stringify([a.statusCode, a.body])))).toEqual(new Set([JSON.stringify([401, answers[0].body])]));
      expect(answers[0].body.error.code).toBe('invalid_credentials');
      expect(verifications).toBeLessThanOrEqual(10);
      expect(verifications).toBeGreaterThan(0);
      expect(h.securityEvents.of('sign_in_locked')).toHaveLength(1);
      expect(lockEmails()).toHaveLength(1);
      // Every attempt is a security event, none names the email.
      expect(h.securityEvents.of('sign_in').filter((e) => e.outcome === 'failure')).toHaveLength(40);
      expect(JSON.stringify(h.securityEvents.recorded)).not.toContain(EMAIL);

      const before = verifications;
      expect(await right()).toEqual(answers[0]);
      expect(verifications).toBe(before);
      h.clock.advance(10 * MINUTE);
      expect((await right()).statusCode).toBe(200);
    });

    it('emails the owner of a lock at most once a day, however many locks', async () => {
      for (let lock = 0; lock < 3; lock++) {
        await Promise.all(Array.from({ length: 10 }, wrong));
        h.clock.advance(10 * MINUTE);
      }
      expect(h.securityEvents.of('sign_in_locked')).toHaveLength(3);
      expect(lockEmails()).toHaveLength(1);
      h.clock.advance(DAY);
      await Promise.all(Array.from({ length: 10 }, wrong));
      expect(lockEmails()).toHaveLength(2);
    });

    it('after 100 consecutive failures across windows, password sign-in is disabled until a reset by link; the owner is told once', async () => {
      for (let window = 0; window < 10; window++) {
        expect(disabledEmails()).toEqual([]);
        await Promise.all(Array.from({ length: 10 }, wrong));
        h.clock.advance(10 * MINUTE);
      }
      expect(verifications).toBe(100);
      expect(disabledEmails()).toHaveLength(1);
      expect(disabledEmails()[0].text).toContain('Mot de passe perdu?');
      expect(h.securityEvents.of('sign_in_disabled')).toMatchObject([{ accountId, outcome: 'disabled' }]);

      // Disabled: no more verifications, the right password is refused alike, hours later too.
      h.clock.advance(6 * HOUR);
      const refused = await right();
      expect(refused).toEqual(await wrong());
      expect(refused.statusCode).toBe(401);
      expect(verifications).toBe(100);

      // "Mot de passe perdu?": the emailed link sets a new password and restores sign-in.
      await invoke(() => buildRequestLink(h.deps), httpEvent({ body: { login: EMAIL } }));
      const token = /token=([\w-]+)/.exec(h.outbox.list(EMAIL).at(-1)!.text)![1];
      const newPassword = 'Un autre exemple 42';
      expect(
        (await invoke(() => buildSetPassword(h.deps), httpEvent({ body: { token, password: newPassword, passwordConfirmation: newPassword } }))).statusCode,
      ).toBe(200);
      expect((await signIn({ login: EMAIL, password: newPassword, method: 'password' })).statusCode).toBe(200);
      expect(disabledEmails()).toHaveLength(1);
    });

    it('counts wrong SMS codes in the same accounting: a burst of 40 codes compares at most 5 (the challenge dies), and never opens a session', async () => {
      const phoneNumber = '+32470123456';
      await h.deps.phones.add(accountId, { phoneId: randomUUID(), phoneNumber, addedAt: h.clock.now() });
      const started = await signIn({ login: EMAIL, password: PASSWORD, method: 'sms', phoneNumber });
      expect(started.statusCode).toBe(202);
      const code = latestSmsCode(h.outbox, phoneNumber);
      const complete = (typed: string) =>
        invoke(() => buildCompleteChallenge(h.deps), httpEvent({ body: { challengeId: started.body.challengeId, code: typed } }));
      const answers = await Promise.all(Array.from({ length: 40 }, () => complete('AAA-AAA-AAA')));
      // 401 for a wrong code and for an attempt the account refused; 410 once the challenge is dead.
      expect(answers.every((a) => a.statusCode === 401 || a.statusCode === 410)).toBe(true);
      expect(answers.some((a) => a.statusCode === 410)).toBe(true);
      expect(h.securityEvents.of('wrong_code')).toHaveLength(5);
      expect((await complete(code)).statusCode).toBe(410);
    });
  });

  describe('SMS pumping', () => {
    const number = (i: number) => `+3247012345${i}`;
    const sent = () => h.outbox.list().filter((m) => m.channel === 'sms').length;

    it('8 new numbers on one account: the 4th is refused and nothing goes to it, the 6th code of the day too; both lift 24 h after the first', async () => {
      const answers = [];
      for (let i = 0; i < 8; i++) answers.push(await addPhone(number(i)));
      expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 429, 429, 429, 429, 429]);
      expect(answers[3].body.error).toMatchObject({ code: 'phone_numbers_limit', message: expect.stringContaining('3') });
      expect(Number(answers[3].headers['retry-after'])).toBe(DAY);
      expect(h.outbox.list(number(3))).toEqual([]);
      expect(sent()).toBe(3);

      // Known numbers may have another code, up to 5 codes a day in all.
      expect((await addPhone(number(0))).statusCode).toBe(202);
      expect((await addPhone(number(1))).statusCode).toBe(202);
      const sixth = await addPhone(number(2));
      expect(sixth).toMatchObject({ statusCode: 429, body: { error: { code: 'phone_challenges_limit' } } });
      expect(sent()).toBe(5);

      // A day later (a fresh sign-in: sessions last 12 hours). 1 s before, still refused.
      h.clock.advance(DAY - 1);
      const fresh = /__Host-session=([\w-]+)/.exec((await right()).cookies[0])![1];
      expect((await addPhone(number(4), fresh)).statusCode).toBe(429);
      h.clock.advance(1);
      expect((await addPhone(number(4), fresh)).statusCode).toBe(202);
      expect(sent()).toBe(6);
    });

    it('an hourly ceiling for the whole service: past it, no SMS leaves (429 sms_unavailable until the next hour) and it is a security event', async () => {
      h.deps.limits = { ...h.deps.limits, smsCeiling: { seconds: HOUR, limit: 2 } };
      expect((await addPhone(number(0))).statusCode).toBe(202);
      const other = await signedUpPerson(h, { email: 'other@example.org', firstName: 'Anna', lastName: 'Rossi' });
      expect((await addPhone(number(1), other.sessionToken)).statusCode).toBe(202);
      const refused = await addPhone(number(2), other.sessionToken, 'en');
      expect(refused).toMatchObject({
        statusCode: 429,
        body: { error: { code: 'sms_unavailable', message: 'Sending SMS is suspended for the moment. Please try again later.' } },
      });
      const now = h.clock.now().getTime();
      expect(Number(refused.headers['retry-after'])).toBe(Math.ceil((Math.floor(now / 3_600_000 + 1) * 3_600_000 - now) / 1000));
      expect(h.outbox.list(number(2))).toEqual([]);
      expect(h.securityEvents.of('sms_ceiling_reached')).toMatchObject([{ accountId: other.accountId, outcome: 'refused' }]);
      h.clock.advance(Number(refused.headers['retry-after']));
      // Adding a phone needs a recent sign-in: a fresh session after the wait.
      expect((await addPhone(number(2), await openSession(h.deps, other.accountId, 'password'))).statusCode).toBe(202);
    });

    it.each([
      ['the United States', '+1 202 555 0143'],
      ['Russia', '+7 912 345 67 89'],
      ['Morocco', '+212 612 345678'],
    ])('refuses a number of %s with 400 on the field, and sends nothing', async (_country, phoneNumber) => {
      const refused = await addPhone(phoneNumber, sessionToken, 'de');
      expect(refused).toMatchObject({
        statusCode: 400,
        body: {
          error: {
            code: 'phone_country_not_allowed',
            fields: { phoneNumber: { code: 'phone_country_not_allowed', message: expect.stringContaining('Schweiz') } },
          },
        },
      });
      expect(h.outbox.list().filter((m) => m.channel === 'sms')).toEqual([]);
      // No challenge stored, no budget spent.
      expect((await h.items()).filter((item) => /^(CHALLENGE|RATE)#/.test(String(item.pk)))).toEqual([]);
    });

    it.each([
      ['Switzerland', '+41 79 123 45 67'],
      ['the United Kingdom', '+44 7400 123456'],
      ['Norway', '+47 901 23 456'],
      ['La Réunion', '+262 692 12 34 56'],
    ])('sends to a number of %s', async (_country, phoneNumber) => {
      expect((await addPhone(phoneNumber)).statusCode).toBe(202);
    });
  });

  describe('RCAM letter codes', () => {
    it('a burst of 40 codes compares at most 5 in 10 minutes: 5 wrong, 35 refused with 429; the right code then waits too', async () => {
      const requestId = randomUUID();
      const now = h.clock.now();
      await h.deps.rcam.create({
        requestId,
        accountId,
        staffNumber: '123456',
        lastName: 'Zanella',
        firstName: 'Bernard',
        birthDate: '08/10/1950',
        status: 'pending_review',
        submittedAt: now,
        timeline: [{ status: 'pending_review', at: now }],
      });
      const code = 'ABCDEFGHJKMNPQRS';
      const letter = {
        letterId: randomUUID(),
        requestId,
        recipient: 'Bernard Zanella',
        staffNumber: '123456',
        createdAt: now,
        status: 'queued' as const,
        pdf: new Uint8Array([1]),
      };
      expect(await h.deps.rcam.queueLetter(letter, hashCode(requestId, code))).toBe(true);
      expect(await h.deps.rcam.transition(requestId, 'letter_sent', now, ['letter_queued'])).toBe(true);
      const smsSession = await openSession(h.deps, accountId, 'sms');
      const redeem = (typed: string) => invoke(() => buildRedeem(h.deps), httpEvent({ body: { code: typed }, cookies: sessionCookieFor(smsSession) }));

      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => redeem(`WRNG-CODE-${String(i).padStart(4, 'A')}-AAAA`)));
      expect(answers.filter((a) => a.statusCode === 400)).toHaveLength(5);
      expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(35);
      expect(h.securityEvents.of('wrong_code').filter((e) => e.details?.purpose === 'rcam_letter')).toHaveLength(5);
      expect((await redeem(code)).statusCode).toBe(429);
      h.clock.advance(10 * MINUTE);
      expect((await redeem(code)).statusCode).toBe(200);
    });
  });
});
