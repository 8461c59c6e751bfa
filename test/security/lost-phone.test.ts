import { ApiClient, nextMobileNumber, personWithSmsSession, signInWithSms } from '../support/api-client';
import type { LocalRuntime } from '../../local/main';
import { STARTUP_TIMEOUT_MS } from '../support/local-server';
import { startBoundaryRuntime } from '../support/local-runtime';

const HOUR = 3600;
const PASSWORD = 'Ceci est un exemple1';

/**
 * Someone who lost their phone, through the local runtime's HTTP API: both ways back (a recovery code,
 * or "J'ai perdu mon téléphone" and 72 hours), and an attacker's reset that the owner cancels.
 */
describe('security: a lost phone', () => {
  let server: LocalRuntime;
  let n = 0;

  beforeAll(async () => {
    server = await startBoundaryRuntime();
  }, 40_000);
  afterAll(() => server?.stop());

  /** A person as the manual leaves them: a phone, recovery codes kept from its confirmation, signed out. */
  const pensioner = async () => {
    const api = new ApiClient(server.url);
    const email = `pensioner${++n}@example.org`;
    expect((await api.register({ firstName: 'Anna', lastName: 'Rossi', email, emailLanguage: 'fr' })).status).toBe(202);
    await api.advance(15 * 60);
    const token = (await api.latestLinkToken(email))!;
    expect((await api.post('/api/v1/password', { token, password: PASSWORD, passwordConfirmation: PASSWORD })).status).toBe(200);
    const phoneNumber = nextMobileNumber();
    const added = await api.post('/api/v1/me/phones', { phoneNumber });
    const confirmed = await api.post('/api/v1/me/phones/verify', { challengeId: added.body.challengeId, code: await api.latestSmsCode(phoneNumber) });
    expect(confirmed.status).toBe(201);
    const recoveryCodes: string[] = confirmed.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect((await api.request('DELETE', '/api/v1/sessions/current')).status).toBe(204);
    return { api, email, phoneNumber, recoveryCodes };
  };

  const signInWithPassword = async (api: ApiClient, email: string) =>
    expect((await api.post('/api/v1/sessions', { login: email, password: PASSWORD, method: 'password' })).status).toBe(200);

  it(
    'way back 1: a recovery code signs in with a second factor, which binds a new phone and removes the lost one',
    async () => {
      const { api, email, phoneNumber: lost, recoveryCodes } = await pensioner();
      const signedIn = await api.post('/api/v1/sessions', { login: email, password: PASSWORD, method: 'recovery_code', recoveryCode: recoveryCodes[0] });
      expect(signedIn).toMatchObject({ status: 200, body: { assurance: 'recovery_code' } });
      expect((await api.outbox(email)).at(-1)!.subject).toBe('Un code de récupération a été utilisé');

      const found = nextMobileNumber();
      const added = await api.post('/api/v1/me/phones', { phoneNumber: found });
      expect(added.status).toBe(202);
      const confirmed = await api.post('/api/v1/me/phones/verify', { challengeId: added.body.challengeId, code: await api.latestSmsCode(found) });
      expect(confirmed.status).toBe(201);
      expect(confirmed.body.recoveryCodes).toBeUndefined(); // the first set is still there, nine left
      const me = (await api.get('/api/v1/me')).body;
      expect(me.recoveryCodesLeft).toBe(9);
      const lostPhone = me.phones.find((phone: { phoneNumber: string }) => phone.phoneNumber === lost);
      expect((await api.request('DELETE', `/api/v1/me/phones/${lostPhone.phoneId}`)).status).toBe(204);

      // From now on, the new phone signs in; the lost one and the spent code do not.
      await signInWithSms(api, email, PASSWORD, found);
      expect((await api.post('/api/v1/sessions', { login: email, password: PASSWORD, method: 'sms', phoneNumber: lost })).status).toBe(401);
      expect((await api.post('/api/v1/sessions', { login: email, password: PASSWORD, method: 'recovery_code', recoveryCode: recoveryCodes[0] })).status).toBe(
        401,
      );
    },
    STARTUP_TIMEOUT_MS,
  );

  it('way back 2: without codes, "J\'ai perdu mon téléphone" removes the phones after 72 hours, then the password binds a new first phone', async () => {
    const { api, email, phoneNumber: lost } = await pensioner();
    await signInWithPassword(api, email);
    const requested = await api.post('/api/v1/me/second-factor-reset');
    expect(requested.status).toBe(202);
    expect((await api.outbox(email)).at(-1)!.subject).toBe('Demande de retrait de vos téléphones portables');
    expect((await api.post('/api/v1/me/second-factor-reset')).status).toBe(409);

    await api.advance(72 * HOUR - 1);
    expect((await api.post('/api/v1/sessions', { login: email, password: PASSWORD, method: 'sms', phoneNumber: lost })).status).toBe(202);
    await api.advance(1);
    expect((await api.outbox(email)).at(-1)!.subject).toBe('Vos téléphones portables ont été retirés de votre compte');
    expect((await api.get('/api/v1/me')).status).toBe(401); // every session ended

    await signInWithPassword(api, email);
    const me = (await api.get('/api/v1/me')).body;
    expect(me).toMatchObject({ phones: [], recoveryCodesLeft: 0 });
    expect(me.secondFactorReset).toBeUndefined();
    const fresh = nextMobileNumber();
    const added = await api.post('/api/v1/me/phones', { phoneNumber: fresh });
    expect(added.status).toBe(202);
    const confirmed = await api.post('/api/v1/me/phones/verify', { challengeId: added.body.challengeId, code: await api.latestSmsCode(fresh) });
    expect(confirmed).toMatchObject({ status: 201, body: { phoneNumber: fresh, recoveryCodes: expect.any(Array) } });
    await signInWithSms(api, email, PASSWORD, fresh);
    expect((await api.post('/api/v1/sessions', { login: email, password: PASSWORD, method: 'sms', phoneNumber: lost })).status).toBe(401);
  });

  it('an attacker who knows the password asks for the reset; the owner cancels from the email and keeps the phone', async () => {
    const { email, phoneNumber } = await pensioner();
    const attacker = new ApiClient(server.url);
    await signInWithPassword(attacker, email);
    expect((await attacker.post('/api/v1/me/second-factor-reset')).status).toBe(202);
    // A password-only session can neither see through the reset early nor take the second factor.
    expect((await attacker.post('/api/v1/me/recovery-codes')).body.error.code).toBe('step_up_required');

    const owner = new ApiClient(server.url);
    const message = (await owner.outbox(email)).at(-1)!;
    expect(message.text).toContain(`${server.url}/cancel-reset#token=`);
    const token = /#token=([\w-]+)/.exec(message.text)![1];
    expect(await owner.post('/api/v1/second-factor-reset/cancel', { token })).toMatchObject({ status: 200 });
    expect((await attacker.get('/api/v1/me')).status).toBe(401);

    await owner.advance(72 * HOUR + 1);
    await signInWithSms(owner, email, PASSWORD, phoneNumber);
    expect((await owner.get('/api/v1/me')).body.phones).toHaveLength(1);
    expect(await owner.post('/api/v1/second-factor-reset/cancel', { token })).toMatchObject({ status: 410, body: { error: { code: 'reset_link_expired' } } });
  });

  it('a person with an SMS session can still ask (any session), and one who already has a reset in flight is told when', async () => {
    const api = new ApiClient(server.url);
    const email = `sms${++n}@example.org`;
    await personWithSmsSession(api, { email });
    const first = await api.post('/api/v1/me/second-factor-reset');
    const second = await api.post('/api/v1/me/second-factor-reset');
    expect(second).toMatchObject({ status: 409, body: { error: { code: 'reset_pending', resetAt: first.body.resetAt } } });
  });
});
