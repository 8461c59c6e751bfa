import { buildHandler as buildGetMe } from '../../functions/me/get-me';
import { buildHandler as buildRequestLink } from '../../functions/passwords/request-link';
import { buildHandler as buildSetPassword } from '../../functions/passwords/set-password';
import { buildHandler as buildAddPhone } from '../../functions/phones/add-phone';
import { buildHandler as buildRemovePhone } from '../../functions/phones/remove-phone';
import { buildHandler as buildVerifyPhone } from '../../functions/phones/verify-phone';
import { buildHandler as buildRequestCode } from '../../functions/rcam/request-code';
import { buildHandler as buildCompleteChallenge } from '../../functions/sessions/complete-challenge';
import { buildHandler as buildSignIn } from '../../functions/sessions/sign-in';
import { buildHandler as buildSignOutEverywhere } from '../../functions/sessions/sign-out-everywhere';
import { harness, httpEvent, invoke, latestSmsCode, PASSWORD, sessionCookieFor, signedUpPerson, type Harness } from '../support/builders';

/**
 * The second factor and the sessions, tried as an attacker would: a stolen password (and, worse,
 * a mailbox) must not bind a phone, and a changed credential must take every session with it.
 */
const HOUR = 3600;
const VICTIM = 'victim@example.org';
const VICTIM_PHONE = '+32470123456';
const THIEF_PHONE = '+32470666601';
const NEW_PASSWORD = 'Un tout autre secret9';

describe('factors and sessions under attack', () => {
  let h: Harness;
  let victim: { accountId: string; username: string; sessionToken: string };

  const cookieOf = (response: { cookies: string[] }) => /__Host-session=([\w-]*)/.exec(response.cookies[0] ?? '')?.[1] ?? '';
  const me = (token: string) => invoke(() => buildGetMe(h.deps), httpEvent({ method: 'GET', cookies: sessionCookieFor(token) }));
  const addPhone = (token: string, phoneNumber: string) =>
    invoke(() => buildAddPhone(h.deps), httpEvent({ body: { phoneNumber }, cookies: sessionCookieFor(token) }));
  const verifyPhone = (token: string, challengeId: string, code: string) =>
    invoke(() => buildVerifyPhone(h.deps), httpEvent({ body: { challengeId, code }, cookies: sessionCookieFor(token) }));
  const passwordSignIn = async (password = PASSWORD) =>
    cookieOf(await invoke(() => buildSignIn(h.deps), httpEvent({ body: { login: VICTIM, password, method: 'password' } })));
  const smsSignIn = async () => {
    const started = await invoke(
      () => buildSignIn(h.deps),
      httpEvent({ body: { login: VICTIM, password: PASSWORD, method: 'sms', phoneNumber: VICTIM_PHONE } }),
    );
    return cookieOf(
      await invoke(
        () => buildCompleteChallenge(h.deps),
        httpEvent({ body: { challengeId: started.body.challengeId, code: latestSmsCode(h.outbox, VICTIM_PHONE) } }),
      ),
    );
  };
  /** "Lost password": the link from the mailbox, then the new password; returns the answer (with its new session). */
  const resetPassword = async (password = NEW_PASSWORD) => {
    await invoke(() => buildRequestLink(h.deps), httpEvent({ body: { login: VICTIM } }));
    const token = /token=([\w-]+)/.exec(h.outbox.list(VICTIM).at(-1)!.text)![1];
    return invoke(() => buildSetPassword(h.deps), httpEvent({ body: { token, password, passwordConfirmation: password } }));
  };
  const smsTo = (to: string) => h.outbox.list(to).filter((message) => message.channel === 'sms');

  beforeEach(async () => {
    h = await harness();
    victim = await signedUpPerson(h, { email: VICTIM, emailLanguage: 'en' });
    // The manual's step 8: the first phone, bound right after the password is set.
    const { challengeId } = (await addPhone(victim.sessionToken, VICTIM_PHONE)).body;
    expect((await verifyPhone(victim.sessionToken, challengeId, latestSmsCode(h.outbox, VICTIM_PHONE))).statusCode).toBe(201);
    h.clock.advance(HOUR);
  });

  describe('a stolen password does not make a second factor', () => {
    it('cannot bind the thief’s phone, see the victim’s number, remove it, or reach RCAM', async () => {
      const thief = await passwordSignIn();
      expect(await addPhone(thief, THIEF_PHONE)).toMatchObject({ statusCode: 403, body: { error: { code: 'step_up_required' } } });
      expect(smsTo(THIEF_PHONE)).toEqual([]);
      const profile = (await me(thief)).body;
      expect(profile.phones).toEqual([{ phoneId: expect.any(String), phoneNumber: '••••••••56', addedAt: expect.any(String) }]);
      expect(JSON.stringify(profile)).not.toContain('470123');
      const removal = httpEvent({ method: 'DELETE', cookies: sessionCookieFor(thief) });
      removal.pathParameters = { phoneId: profile.phones[0].phoneId };
      expect(await invoke(() => buildRemovePhone(h.deps), removal)).toMatchObject({ statusCode: 403, body: { error: { code: 'step_up_required' } } });
      const rcam = { staffNumber: '123456', staffNumberConfirmation: '123456', lastName: 'Zanella', firstName: 'Bernard', birthDate: '01/02/1950' };
      expect(await invoke(() => buildRequestCode(h.deps), httpEvent({ body: rcam, cookies: sessionCookieFor(thief) }))).toMatchObject({
        statusCode: 403,
        body: { error: { code: 'step_up_required' } },
      });
      // Nor can the thief then sign in by SMS on their own phone.
      const sms = await invoke(() => buildSignIn(h.deps), httpEvent({ body: { login: VICTIM, password: PASSWORD, method: 'sms', phoneNumber: THIEF_PHONE } }));
      expect(sms).toMatchObject({ statusCode: 401, body: { error: { code: 'invalid_credentials' } } });
      expect(smsTo(THIEF_PHONE)).toEqual([]);
      expect((await me(victim.sessionToken)).statusCode).toBe(401); // an hour idle: long gone
    });

    it('holds even for someone who controls the mailbox and resets the password: the new session is password-only', async () => {
      const reset = await resetPassword();
      expect(reset.statusCode).toBe(200);
      const thief = cookieOf(reset);
      expect((await me(thief)).body.session.assurance).toBe('password');
      expect(await addPhone(thief, THIEF_PHONE)).toMatchObject({ statusCode: 403, body: { error: { code: 'step_up_required' } } });
      expect(smsTo(THIEF_PHONE)).toEqual([]);
      // ...and the owner is told at once.
      expect(h.outbox.list(VICTIM).at(-1)!.subject).toBe('The password of your account was changed');
    });

    it('cannot race two numbers through while a first phone is being confirmed', async () => {
      // On an account without a phone, the holder of the password may bind the first one; a burst of
      // challenges started then must not outlive the first confirmation.
      h = await harness();
      const fresh = await signedUpPerson(h, { email: 'fresh@example.org' });
      const numbers = ['+32470666611', '+32470666612', '+32470666613'];
      const challenges = await Promise.all(numbers.map((number) => addPhone(fresh.sessionToken, number)));
      expect(challenges.map((response) => response.statusCode)).toEqual([202, 202, 202]);
      const first = await verifyPhone(fresh.sessionToken, challenges[0].body.challengeId, latestSmsCode(h.outbox, numbers[0]));
      expect(first.statusCode).toBe(201);
      const later = await Promise.all(
        numbers.slice(1).map((number, i) => verifyPhone(fresh.sessionToken, challenges[i + 1].body.challengeId, latestSmsCode(h.outbox, number))),
      );
      expect(later.map((response) => response.body.error?.code)).toEqual(['step_up_required', 'step_up_required']);
    });
  });

  describe('a new password ends every session', () => {
    it('kills the old cookies of every device (and the thief’s), keeps the new session, and emails the owner in their language', async () => {
      const laptop = await smsSignIn();
      const tablet = await passwordSignIn();
      const thief = await passwordSignIn();
      expect((await me(thief)).statusCode).toBe(200);
      const reset = await resetPassword();
      expect(reset.statusCode).toBe(200);
      for (const old of [laptop, tablet, thief]) expect(await me(old)).toMatchObject({ statusCode: 401, body: { error: { code: 'unauthenticated' } } });
      expect((await me(cookieOf(reset))).statusCode).toBe(200);
      const notice = h.outbox.list(VICTIM).at(-1)!;
      expect(notice).toMatchObject({ language: 'en', subject: 'The password of your account was changed' });
      expect(notice.text).toContain('every session open on your account was closed');
      expect(notice.text).toContain('https://passerelle.test/lost-password');
      expect(notice.text).toContain('contact the support desk');
      expect(notice.text).not.toContain(NEW_PASSWORD);
      expect(notice.text).not.toMatch(/token=/);
      expect(h.securityEvents.of('password_changed').at(-1)).toMatchObject({
        accountId: victim.accountId,
        outcome: 'success',
        details: { via: 'link', first: false },
      });
      expect(h.securityEvents.of('sessions_revoked').at(-1)).toMatchObject({ accountId: victim.accountId, details: { reason: 'password_changed', count: 3 } });
      // The old password opens nothing; the new one does.
      expect(await passwordSignIn()).toBe('');
      expect(await passwordSignIn(NEW_PASSWORD)).not.toBe('');
    });

    it('says nothing of a change for the very first password (activation): there was none to replace', async () => {
      h = await harness();
      await signedUpPerson(h, { email: 'fresh@example.org', emailLanguage: 'de' });
      expect(h.outbox.list('fresh@example.org').map((message) => message.subject)).not.toContain('Das Passwort Ihres Kontos wurde geändert');
      expect(h.securityEvents.of('password_changed')).toEqual([expect.objectContaining({ details: { via: 'link', first: true } })]);
    });

    it('wins against a session in use meanwhile: every answer is 200 or 401, never 5xx, and the cookie is dead after', async () => {
      const thief = await passwordSignIn();
      const answers = await Promise.all([resetPassword(), ...Array.from({ length: 20 }, () => me(thief)), addPhone(thief, THIEF_PHONE)]);
      expect(answers[0].statusCode).toBe(200);
      for (const answer of answers.slice(1)) expect([200, 401, 403]).toContain(answer.statusCode);
      expect(smsTo(THIEF_PHONE)).toEqual([]);
      expect((await me(thief)).statusCode).toBe(401);
      expect((await me(cookieOf(answers[0]))).statusCode).toBe(200);
    });

    it('ends a burst of sessions opened at once', async () => {
      const stolen = await Promise.all(Array.from({ length: 8 }, () => passwordSignIn()));
      expect(new Set(stolen).size).toBe(8);
      await resetPassword();
      const answers = await Promise.all(stolen.map((token) => me(token)));
      expect(answers.map((answer) => answer.statusCode)).toEqual(Array(8).fill(401));
    });
  });

  describe('DELETE /api/v1/me/sessions (sign out everywhere)', () => {
    const signOutEverywhere = (token?: string, headers?: Record<string, string>) =>
      invoke(() => buildSignOutEverywhere(h.deps), httpEvent({ method: 'DELETE', cookies: token ? sessionCookieFor(token) : undefined, headers }));

    it("ends every session of the account, this one included, and clears the cookie; another person's session lives on", async () => {
      const laptop = await smsSignIn();
      const tablet = await passwordSignIn();
      const stranger = (await signedUpPerson(h, { email: 'other@example.org', firstName: 'Other', lastName: 'Person' })).sessionToken;
      const response = await signOutEverywhere(tablet);
      expect(response.statusCode).toBe(204);
      expect(response.cookies).toEqual(['__Host-session=; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=0']);
      expect((await me(laptop)).statusCode).toBe(401);
      expect((await me(tablet)).statusCode).toBe(401);
      expect((await me(stranger)).statusCode).toBe(200);
      expect(h.securityEvents.of('sessions_revoked').at(-1)).toMatchObject({
        accountId: victim.accountId,
        details: { reason: 'sign_out_everywhere', count: 2, keptCurrent: false },
      });
      // Nothing of them is left in the table: neither the sessions nor their entries beside the account.
      const left = (await h.items()).filter(
        (item) =>
          (String(item.pk).startsWith('SESSION#') && item.accountId === victim.accountId) ||
          (item.pk === `ACCOUNT#${victim.accountId}` && String(item.sk).startsWith('SESSION#')),
      );
      expect(left).toEqual([]);
    });

    it('needs a live session (401), and ends nothing then', async () => {
      const laptop = await smsSignIn();
      expect(await signOutEverywhere()).toMatchObject({ statusCode: 401, body: { error: { code: 'unauthenticated' } } });
      expect(await signOutEverywhere('forged-or-stolen-long-ago')).toMatchObject({ statusCode: 401 });
      expect((await me(laptop)).statusCode).toBe(200);
    });

    it('refuses another site (403 forbidden_origin), and ends nothing', async () => {
      const laptop = await smsSignIn();
      expect(await signOutEverywhere(laptop, { origin: 'https://evil.example' })).toMatchObject({
        statusCode: 403,
        body: { error: { code: 'forbidden_origin' } },
      });
      expect((await me(laptop)).statusCode).toBe(200);
    });

    it('ends sessions opened in a concurrent burst, and two concurrent sign-outs both answer 204 or 401', async () => {
      const sessions = await Promise.all(Array.from({ length: 6 }, () => passwordSignIn()));
      const answers = await Promise.all([signOutEverywhere(sessions[0]), signOutEverywhere(sessions[1])]);
      for (const answer of answers) expect([204, 401]).toContain(answer.statusCode);
      expect(answers.some((answer) => answer.statusCode === 204)).toBe(true);
      expect((await Promise.all(sessions.map((token) => me(token)))).map((answer) => answer.statusCode)).toEqual(Array(6).fill(401));
    });
  });
});
