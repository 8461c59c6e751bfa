import type { LocalRuntime } from '../../local/main';
import { startBoundaryRuntime } from '../support/local-runtime';
import { STARTUP_TIMEOUT_MS } from '../support/local-server';
import { ApiClient } from '../support/api-client';

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

/**
 * The account-activation state machine, synthesized from its CDK construct and run by
 * aws-local-stepfunctions on the virtual clock, driven through the local HTTP API. Virtual time
 * also flows with real time, at a twentieth of its pace (see startBoundaryRuntime): far inside the 1 s of each boundary.
 */
describe('account activation workflow (synthesized ASL, virtual clock)', () => {
  let runtime: LocalRuntime;
  let api: ApiClient;
  let n = 0;

  beforeAll(async () => {
    runtime = await startBoundaryRuntime();
    api = new ApiClient(runtime.url);
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => runtime?.stop());

  const registerSomeone = async () => {
    const email = `person${++n}@example.org`;
    expect((await api.register({ firstName: 'Éric', lastName: 'Frère', email, emailLanguage: 'nl' })).status).toBe(202);
    return email;
  };
  const execution = () => runtime.stepFunctions.listExecutions().at(-1)!;

  it('sends no email 1 s before 15 minutes, and the link at 15 minutes', async () => {
    const email = await registerSomeone();
    await runtime.clock.advance(15 * MINUTE - 1);
    expect(await api.outbox(email)).toEqual([]);
    await runtime.clock.advance(1);
    const [message] = await api.outbox(email);
    expect(message).toMatchObject({ channel: 'email', language: 'nl', subject: 'Maak uw Passerelle-wachtwoord aan' });
    expect(execution().status).toBe('RUNNING');
  });

  it('accepts the link 1 s before 24 hours, and the workflow ends Activated', async () => {
    const email = await registerSomeone();
    await runtime.clock.advance(15 * MINUTE);
    const token = (await api.latestLinkToken(email))!;
    await runtime.clock.advance(DAY - 1);
    const response = await api.post('/api/v1/password', { token, password: 'Ceci est un exemple1', passwordConfirmation: 'Ceci est un exemple1' });
    expect(response.status).toBe(200);
    await runtime.clock.advance(1);
    expect(execution()).toMatchObject({ status: 'SUCCEEDED', output: expect.stringContaining('"outcome":"password_set"') });
  });

  it('refuses the link 1 s after 24 hours: the task timed out and the account has no password', async () => {
    const email = await registerSomeone();
    await runtime.clock.advance(15 * MINUTE);
    const token = (await api.latestLinkToken(email))!;
    await runtime.clock.advance(DAY + 1);
    expect(execution()).toMatchObject({ status: 'SUCCEEDED', output: expect.stringContaining('States.Timeout') });
    expect((await api.post('/api/v1/password-links/lookup', { token })).status).toBe(410);
    const response = await api.post('/api/v1/password', { token, password: 'Ceci est un exemple1', passwordConfirmation: 'Ceci est un exemple1' });
    expect(response.body.error.code).toBe('link_expired');
    // Not stuck: "lost password" brings a fresh link at once.
    expect((await api.post('/api/v1/password-links', { login: email })).status).toBe(202);
    const fresh = (await api.latestLinkToken(email))!;
    expect((await api.post('/api/v1/password', { token: fresh, password: 'Ceci est un exemple1', passwordConfirmation: 'Ceci est un exemple1' })).status).toBe(
      200,
    );
  });

  it('handles one jump of two days like two days that went by', async () => {
    const email = await registerSomeone();
    const start = execution().startDate.getTime();
    await runtime.clock.advance(2 * DAY);
    const [message] = await api.outbox(email);
    // Each timer fires at its instant; the work it starts then takes the milliseconds it takes.
    const sentAfter = new Date(message.sentAt).getTime() - start;
    expect(sentAfter).toBeGreaterThanOrEqual(15 * MINUTE * 1000);
    expect(sentAfter).toBeLessThan(15 * MINUTE * 1000 + 1000);
    // The task's 24 hours run from the email, although time jumped in one go.
    expect(Math.abs(execution().stopDate!.getTime() - new Date(message.sentAt).getTime() - DAY * 1000)).toBeLessThan(1000);
  });

  it('resumes a password set through "lost password" before the 15 minutes are up, and sends no second link', async () => {
    const email = await registerSomeone();
    await api.post('/api/v1/password-links', { login: email });
    const token = (await api.latestLinkToken(email))!;
    expect((await api.post('/api/v1/password', { token, password: 'Ceci est un exemple1', passwordConfirmation: 'Ceci est un exemple1' })).status).toBe(200);
    await runtime.clock.advance(15 * MINUTE);
    expect(execution()).toMatchObject({ status: 'SUCCEEDED', output: expect.stringContaining('already_active') });
    expect((await api.outbox(email)).filter((m) => m.text.includes('token='))).toHaveLength(1);
  });
});
