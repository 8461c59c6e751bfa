import type { LocalRuntime } from '../../local/main';
import { startBoundaryRuntime } from '../support/local-runtime';
import { STARTUP_TIMEOUT_MS } from '../support/local-server';
import { ApiClient, personWithSmsSession } from '../support/api-client';

const HOUR = 3600;
const PASSWORD = 'Ceci est un exemple1';

/**
 * "J'ai perdu mon téléphone": the second-factor reset state machine from its CDK construct, run by
 * aws-local-stepfunctions on the virtual clock, driven through the local HTTP API. Virtual time also
 * flows with real time, at a twentieth of its pace (see startBoundaryRuntime): far inside the 1 s of each boundary.
 */
describe('second-factor reset workflow (synthesized ASL, virtual clock)', () => {
  let runtime: LocalRuntime;
  let n = 0;

  beforeAll(async () => {
    runtime = await startBoundaryRuntime();
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => runtime?.stop());

  /** A person with a confirmed phone, signed in with the password only, who asks for the reset. */
  const personWhoLostTheirPhone = async () => {
    const api = new ApiClient(runtime.url);
    const email = `lost${++n}@example.org`;
    await personWithSmsSession(api, { email, emailLanguage: 'it' });
    expect((await api.post('/api/v1/sessions', { login: email, password: PASSWORD, method: 'password' })).status).toBe(200);
    const requested = await api.post('/api/v1/me/second-factor-reset');
    expect(requested.status).toBe(202);
    const { accountId } = (await runtime.deps.accounts.findByLogin(email))!;
    const cancelEmail = (await api.outbox(email)).at(-1)!;
    expect(cancelEmail).toMatchObject({ language: 'it', subject: 'Richiesta di rimozione dei suoi telefoni cellulari' });
    const token = /\/cancel-reset#token=([\w-]+)/.exec(cancelEmail.text)![1];
    return { api, email, accountId, token, resetAt: new Date(requested.body.resetAt) };
  };
  const executionOf = (accountId: string) =>
    runtime.stepFunctions
      .listExecutions()
      .filter((execution) => execution.stateMachineArn.endsWith(':SecondFactorReset') && execution.input.includes(accountId))
      .at(-1)!;
  const phonesOf = (accountId: string) => runtime.deps.phones.list(accountId);

  it('keeps the phones 1 s before 72 hours, and removes phones, recovery codes and sessions at 72 hours', async () => {
    const { api, email, accountId, resetAt } = await personWhoLostTheirPhone();
    expect(resetAt.getTime() - (await api.now()).getTime()).toBeLessThanOrEqual(72 * HOUR * 1000);
    expect(executionOf(accountId).status).toBe('RUNNING');
    await runtime.clock.advance(72 * HOUR - 1);
    expect(await phonesOf(accountId)).toHaveLength(1);
    expect(await runtime.deps.recoveryCodes.find(accountId)).toMatchObject({ left: 10 });
    expect(executionOf(accountId).status).toBe('RUNNING');
    await runtime.clock.advance(1);
    expect(await phonesOf(accountId)).toEqual([]);
    expect(await runtime.deps.recoveryCodes.find(accountId)).toBeUndefined();
    expect(executionOf(accountId)).toMatchObject({ status: 'SUCCEEDED', output: expect.stringContaining('"outcome":"completed"') });
    expect((await api.outbox(email)).at(-1)!.subject).toBe('I suoi telefoni cellulari sono stati rimossi dal suo account');
  });

  it('removes nothing when cancelled before the 72 hours; the workflow ends all the same', async () => {
    const { api, accountId, token } = await personWhoLostTheirPhone();
    await runtime.clock.advance(72 * HOUR - 1);
    const other = new ApiClient(runtime.url); // the link may be opened on another device, signed out
    expect(await other.post('/api/v1/second-factor-reset/cancel', { token })).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    // Whoever asked knew the password: their session is over.
    expect((await api.get('/api/v1/me')).status).toBe(401);
    await runtime.clock.advance(HOUR);
    expect(await phonesOf(accountId)).toHaveLength(1);
    expect(executionOf(accountId)).toMatchObject({ status: 'SUCCEEDED', output: expect.stringContaining('"outcome":"cancelled"') });
  });

  it('refuses a cancel after the 72 hours with 410: the phones are gone', async () => {
    const { accountId, token } = await personWhoLostTheirPhone();
    await runtime.clock.advance(72 * HOUR);
    const response = await new ApiClient(runtime.url).post('/api/v1/second-factor-reset/cancel', { token });
    expect(response).toMatchObject({ status: 410, body: { error: { code: 'reset_link_expired' } } });
    expect(await phonesOf(accountId)).toEqual([]);
  });
});
