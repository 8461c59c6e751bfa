import { buildHandler as buildGetMe } from '../../functions/me/get-me';
import { buildHandler as buildAddPhone } from '../../functions/phones/add-phone';
import { buildHandler as buildRemovePhone } from '../../functions/phones/remove-phone';
import { buildHandler as buildVerifyPhone } from '../../functions/phones/verify-phone';
import { buildHandler as buildGetEnrollment } from '../../functions/rcam/get-enrollment';
import { buildHandler as buildCancelReset } from '../../functions/recovery/cancel-factor-reset';
import { buildHandler as buildRenewCodes } from '../../functions/recovery/renew-codes';
import { buildHandler as buildRequestReset } from '../../functions/recovery/request-factor-reset';
import { buildHandler as buildSignIn } from '../../functions/sessions/sign-in';
import { buildHandler as buildCompleteResetTask } from '../../functions/workflow/complete-factor-reset';
import { UNAMBIGUOUS_ALPHABET } from '#domain/codes';
import { openSession } from '#domain/sessions';
import type { RouteHandler } from '#http/http-handler';
import { harness, httpEvent, invoke, latestSmsCode, PASSWORD, sessionCookieFor, signedUpPerson, type Harness } from '../support/builders';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const EMAIL = 'bernard@example.org';
const NUMBER = '+32470123456';
const SECOND_NUMBER = '+32470654321';
const CODE_FORMAT = new RegExp(`^[${UNAMBIGUOUS_ALPHABET}]{4}-[${UNAMBIGUOUS_ALPHABET}]{4}-[${UNAMBIGUOUS_ALPHABET}]{4}$`);

describe('a way back after a lost phone', () => {
  let h: Harness;
  let accountId: string;
  let passwordSession: string[];

  const call = (
    build: (deps: Harness['deps']) => RouteHandler,
    options: Parameters<typeof httpEvent>[0] & { pathParameters?: Record<string, string> } = {},
  ) => {
    const event = httpEvent(options);
    event.pathParameters = options.pathParameters;
    return invoke(() => build(h.deps), event);
  };
  const me = (cookies: string[]) => call(buildGetMe, { method: 'GET', cookies });
  const cookieOf = (response: { cookies: string[] }) => sessionCookieFor(/__Host-session=([\w-]*)/.exec(response.cookies[0] ?? '')![1]);
  const confirmPhone = async (phoneNumber: string, cookies: string[]) => {
    const { challengeId } = (await call(buildAddPhone, { body: { phoneNumber }, cookies })).body;
    return call(buildVerifyPhone, { body: { challengeId, code: latestSmsCode(h.outbox, phoneNumber) }, cookies });
  };
  const signInWithCode = (recoveryCode: string, password = PASSWORD) =>
    call(buildSignIn, { body: { login: EMAIL, password, method: 'recovery_code', recoveryCode } });
  const emailsTo = () => h.outbox.list(EMAIL).filter((message) => message.channel === 'email');

  beforeEach(async () => {
    h = await harness();
    const person = await signedUpPerson(h, { email: EMAIL, emailLanguage: 'en' });
    accountId = person.accountId;
    passwordSession = sessionCookieFor(person.sessionToken);
  });

  describe('recovery codes', () => {
    let codes: string[];

    beforeEach(async () => {
      const confirmed = await confirmPhone(NUMBER, passwordSession);
      expect(confirmed.statusCode).toBe(201);
      codes = confirmed.body.recoveryCodes;
    });

    it('come once, with the first phone: ten different codes XXXX-XXXX-XXXX, stored only as salted argon2id digests', async () => {
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      for (const code of codes) expect(code).toMatch(CODE_FORMAT);
      const stored = JSON.stringify(await h.items());
      for (const code of codes) {
        expect(stored).not.toContain(code);
        expect(stored).not.toContain(code.replace(/-/g, ''));
      }
      // A second phone needs a second factor (factor binding): an SMS-proven session adds it.
      const smsSession = sessionCookieFor(await openSession(h.deps, accountId, 'sms'));
      const second = await confirmPhone(SECOND_NUMBER, smsSession);
      expect(second.statusCode).toBe(201);
      expect(second.body).toEqual({ phoneId: expect.any(String), phoneNumber: SECOND_NUMBER });
      expect((await me(passwordSession)).body.recoveryCodesLeft).toBe(10);
    });

    it('sign in in place of an SMS code: a session with a second factor, the owner told how many are left', async () => {
      const response = await signInWithCode(codes[3].toLowerCase().replace(/-/g, ' '));
      expect(response).toMatchObject({ statusCode: 200, body: { status: 'signed_in', assurance: 'recovery_code' } });
      const profile = (await me(cookieOf(response))).body;
      expect(profile).toMatchObject({ session: { assurance: 'recovery_code' }, recoveryCodesLeft: 9 });
      const notice = emailsTo().at(-1)!;
      expect(notice.subject).toBe('A recovery code was used');
      expect(notice.text).toContain('You have 9 unused recovery code(s) left');
      expect(notice.text).not.toContain(codes[3]);
      expect(h.securityEvents.of('recovery_code_used')).toEqual([{ type: 'recovery_code_used', accountId, outcome: 'success', details: { left: 9 } }]);
    });

    it('are single use: the same code again is the 401 of every refusal', async () => {
      expect((await signInWithCode(codes[0])).statusCode).toBe(200);
      expect(await signInWithCode(codes[0])).toMatchObject({ statusCode: 401, body: { error: { code: 'invalid_credentials' } } });
      expect((await signInWithCode(codes[1])).statusCode).toBe(200);
    });

    it('let exactly one of 8 concurrent uses of a code through', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => signInWithCode(codes[5])));
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401, 401, 401, 401, 401, 401, 401]);
      expect((await me(passwordSession)).body.recoveryCodesLeft).toBe(9);
      expect(h.securityEvents.of('recovery_code_used')).toHaveLength(1);
    });

    it('need the password: a right code with a wrong password is refused and stays unused', async () => {
      expect(await signInWithCode(codes[0], 'Wrong password 9')).toMatchObject({ statusCode: 401, body: { error: { code: 'invalid_credentials' } } });
      expect((await me(passwordSession)).body.recoveryCodesLeft).toBe(10);
      expect((await signInWithCode(codes[0])).statusCode).toBe(200);
    });

    it.each([
      ['a wrong code', 'ABCD-EFGH-JKMN'],
      ['an SMS-shaped code', 'ABC-123-DEF'],
      ['rubbish', '💥'.repeat(10)],
    ])('answer %s like a wrong password, and count it: ten wrong codes lock sign-in', async (_label, wrong) => {
      for (let i = 0; i < 9; i++) expect(await signInWithCode(wrong)).toMatchObject({ statusCode: 401, body: { error: { code: 'invalid_credentials' } } });
      expect(emailsTo().filter((message) => message.subject?.includes('locked'))).toEqual([]);
      expect((await signInWithCode(wrong)).statusCode).toBe(401);
      expect(emailsTo().filter((message) => message.subject?.includes('locked'))).toHaveLength(1);
      // Locked: even a right code is refused, and is not spent.
      expect((await signInWithCode(codes[0])).statusCode).toBe(401);
      expect((await me(passwordSession)).body.recoveryCodesLeft).toBe(10);
    });

    it('refuse a recovery code sign-in to an account that has none', async () => {
      const other = await signedUpPerson(h, { email: 'other@example.org', firstName: 'Other', lastName: 'Person' });
      expect(other).toBeDefined();
      const response = await call(buildSignIn, { body: { login: 'other@example.org', password: PASSWORD, method: 'recovery_code', recoveryCode: codes[0] } });
      expect(response).toMatchObject({ statusCode: 401, body: { error: { code: 'invalid_credentials' } } });
      expect((await me(passwordSession)).body.recoveryCodesLeft).toBe(10);
    });

    it('count as a second factor wherever SMS is asked for: removing a phone, RCAM', async () => {
      const session = cookieOf(await signInWithCode(codes[0]));
      expect((await call(buildGetEnrollment, { method: 'GET', cookies: session })).statusCode).toBe(404);
      expect((await call(buildGetEnrollment, { method: 'GET', cookies: passwordSession })).statusCode).toBe(403);
      const [phone] = (await me(session)).body.phones;
      expect((await call(buildRemovePhone, { method: 'DELETE', cookies: session, pathParameters: { phoneId: phone.phoneId } })).statusCode).toBe(204);
    });

    describe('renewal, POST /api/v1/me/recovery-codes', () => {
      it('gives ten new codes to a session with a second factor; the old ones die; the owner is told', async () => {
        const sms = sessionCookieFor(await openSession(h.deps, accountId, 'sms'));
        const renewed = await call(buildRenewCodes, { cookies: sms });
        expect(renewed.statusCode).toBe(201);
        expect(renewed.body.recoveryCodes).toHaveLength(10);
        for (const code of renewed.body.recoveryCodes) expect(codes).not.toContain(code);
        expect(emailsTo().at(-1)!.subject).toBe('New recovery codes');
        expect((await signInWithCode(codes[0])).statusCode).toBe(401);
        expect((await signInWithCode(renewed.body.recoveryCodes[0])).statusCode).toBe(200);
        expect((await me(sms)).body.recoveryCodesLeft).toBe(9);
      });

      it('works from a recovery-code session too (the codes are running out)', async () => {
        const session = cookieOf(await signInWithCode(codes[0]));
        expect((await call(buildRenewCodes, { cookies: session })).statusCode).toBe(201);
      });

      it('refuses a password-only session with 403 step_up_required, and changes nothing', async () => {
        expect(await call(buildRenewCodes, { cookies: passwordSession })).toMatchObject({ statusCode: 403, body: { error: { code: 'step_up_required' } } });
        expect((await signInWithCode(codes[0])).statusCode).toBe(200);
      });

      it('needs a sign-in less than 15 minutes old', async () => {
        const sms = sessionCookieFor(await openSession(h.deps, accountId, 'sms'));
        h.clock.advance(15 * MINUTE);
        expect(await call(buildRenewCodes, { cookies: sms })).toMatchObject({ statusCode: 403, body: { error: { code: 'reauthentication_required' } } });
        expect(await call(buildRenewCodes, { cookies: [] })).toMatchObject({ statusCode: 401 });
      });
    });
  });

  describe("J'ai perdu mon téléphone", () => {
    const requestReset = (cookies = passwordSession) => call(buildRequestReset, { cookies });
    const cancel = (token: unknown) => call(buildCancelReset, { body: { token } });
    const cancelToken = () =>
      /\/cancel-reset#token=([\w-]+)/.exec(emailsTo().find((message) => message.subject === 'Request to remove your mobile phones')!.text)![1];
    const runTask = () => {
      const started = h.workflows.factorResetsStarted.at(-1)!;
      return buildCompleteResetTask(h.deps)({ accountId: started.accountId, resetId: started.resetId });
    };

    beforeEach(async () => {
      expect((await confirmPhone(NUMBER, passwordSession)).statusCode).toBe(201);
      h.clock.advance(2 * HOUR);
      passwordSession = cookieOf(await call(buildSignIn, { body: { login: EMAIL, password: PASSWORD, method: 'password' } }));
    });

    it('answers 202 {resetAt} 72 hours ahead, emails the owner at once a cancel link with the token in the fragment, and starts the workflow', async () => {
      const response = await requestReset();
      const resetAt = new Date(h.clock.now().getTime() + 72 * HOUR * 1000);
      expect(response).toMatchObject({ statusCode: 202, body: { resetAt: resetAt.toISOString() } });
      const email = emailsTo().at(-1)!;
      expect(email).toMatchObject({ subject: 'Request to remove your mobile phones', language: 'en' });
      expect(email.text).toMatch(/https:\/\/passerelle\.test\/cancel-reset#token=[\w-]{43}\n/);
      expect(email.text).not.toContain('?token');
      expect(h.workflows.factorResetsStarted).toEqual([{ accountId, resetId: expect.any(String), resetAt }]);
      expect(JSON.stringify(await h.items())).not.toContain(cancelToken());
      expect((await me(passwordSession)).body.secondFactorReset).toEqual({ resetAt: resetAt.toISOString() });
      expect(h.securityEvents.of('second_factor_reset')).toMatchObject([{ accountId, outcome: 'requested' }]);
    });

    it('keeps one reset in flight: a second request is 409 reset_pending with the first date, and sends nothing', async () => {
      const first = await requestReset();
      h.clock.advance(30 * MINUTE);
      const emails = emailsTo().length;
      const second = await requestReset();
      expect(second).toMatchObject({ statusCode: 409, body: { error: { code: 'reset_pending', resetAt: first.body.resetAt } } });
      expect(emailsTo()).toHaveLength(emails);
      expect(h.workflows.factorResetsStarted).toHaveLength(1);
    });

    it('starts only one of 6 concurrent requests', async () => {
      const results = await Promise.all(Array.from({ length: 6 }, () => requestReset()));
      expect(results.map((r) => r.statusCode).sort()).toEqual([202, 409, 409, 409, 409, 409]);
      expect(h.workflows.factorResetsStarted).toHaveLength(1);
    });

    it('needs a session', async () => {
      expect((await requestReset([])).statusCode).toBe(401);
    });

    it('removes every phone and recovery code and ends every session when the workflow comes, and tells the owner', async () => {
      const other = cookieOf(await call(buildSignIn, { body: { login: EMAIL, password: PASSWORD, method: 'password' } }));
      await requestReset();
      expect(await runTask()).toEqual({ outcome: 'completed' });
      expect(await h.deps.phones.list(accountId)).toEqual([]);
      expect(await h.deps.recoveryCodes.find(accountId)).toBeUndefined();
      expect((await me(passwordSession)).statusCode).toBe(401);
      expect((await me(other)).statusCode).toBe(401);
      expect(emailsTo().at(-1)!.subject).toBe('Your mobile phones were removed from your account');
      expect(h.securityEvents.of('second_factor_reset').at(-1)).toMatchObject({ outcome: 'completed', details: { phonesRemoved: 1, sessionsEnded: 2 } });
      // The cancel link is dead, and a new reset may be asked for.
      expect(await cancel(cancelToken())).toMatchObject({ statusCode: 410, body: { error: { code: 'reset_link_expired' } } });
      // The next password-only session binds a first phone again, and gets new recovery codes.
      const fresh = cookieOf(await call(buildSignIn, { body: { login: EMAIL, password: PASSWORD, method: 'password' } }));
      const rebound = await confirmPhone(SECOND_NUMBER, fresh);
      expect(rebound).toMatchObject({ statusCode: 201, body: { phoneNumber: SECOND_NUMBER, recoveryCodes: expect.any(Array) } });
    });

    it('does nothing once cancelled: the link needs no session, answers 200 once, and ends every session', async () => {
      await requestReset();
      const response = await cancel(cancelToken());
      expect(response).toMatchObject({ statusCode: 200, body: { status: 'cancelled' } });
      expect((await me(passwordSession)).statusCode).toBe(401);
      expect(emailsTo().at(-1)!.subject).toBe('Request to remove your phones cancelled');
      expect(await cancel(cancelToken())).toMatchObject({ statusCode: 410, body: { error: { code: 'reset_link_expired' } } });
      expect(await runTask()).toEqual({ outcome: 'cancelled' });
      expect(await h.deps.phones.list(accountId)).toHaveLength(1);
      expect(await h.deps.recoveryCodes.find(accountId)).toMatchObject({ left: 10 });
    });

    it('cancels once under 5 concurrent clicks', async () => {
      await requestReset();
      const token = cancelToken();
      const results = await Promise.all(Array.from({ length: 5 }, () => cancel(token)));
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410, 410, 410, 410]);
    });

    it('accepts a cancel 1 s before the 72 hours, and refuses it at 72 hours', async () => {
      await requestReset();
      const token = cancelToken();
      h.clock.advance(72 * HOUR);
      expect((await cancel(token)).statusCode).toBe(410);
      h.clock.advance(-1);
      expect((await cancel(token)).statusCode).toBe(200);
    });

    it('ignores a task of a reset that was cancelled and asked for again: only the new one removes', async () => {
      await requestReset();
      const [first] = h.workflows.factorResetsStarted;
      await cancel(cancelToken());
      passwordSession = cookieOf(await call(buildSignIn, { body: { login: EMAIL, password: PASSWORD, method: 'password' } }));
      expect((await requestReset()).statusCode).toBe(202);
      expect(await buildCompleteResetTask(h.deps)({ accountId, resetId: first.resetId })).toEqual({ outcome: 'cancelled' });
      expect(await h.deps.phones.list(accountId)).toHaveLength(1);
      expect(await runTask()).toEqual({ outcome: 'completed' });
      expect(await h.deps.phones.list(accountId)).toEqual([]);
    });

    it.each([
      ['an unknown token', 'x'.repeat(43)],
      ['an empty token', ''],
      ['a number', 42],
    ])('refuses %s with a clear 4xx and changes nothing', async (_label, token) => {
      await requestReset();
      const response = await cancel(token);
      expect([400, 410]).toContain(response.statusCode);
      expect(response.body.error.code).toMatch(/^(validation_failed|reset_link_expired)$/);
      expect((await me(passwordSession)).body.secondFactorReset).toBeDefined();
    });

    it('leaves nothing behind when the workflow cannot start, so that the person may ask again', async () => {
      h.workflows.failWith = new Error('Step Functions is down');
      expect((await requestReset()).statusCode).toBe(500);
      h.workflows.failWith = undefined;
      expect((await requestReset()).statusCode).toBe(202);
    });
  });
});
