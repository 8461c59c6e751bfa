import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startLocal, type LocalRuntime } from '../../local/main';
import { freePort } from '../../local/ports';
import { STARTUP_TIMEOUT_MS } from '../support/local-server';
import { ApiClient, personWithSmsSession, signInWithSms } from '../support/api-client';

const ADDRESS = { name: 'Anna Rossi', lines: ['Via Roma 12'], postalCode: '21027', city: 'Ispra', country: 'Italia' };
const FORM = { staffNumber: '123456', staffNumberConfirmation: '123456', lastName: 'Rossi', firstName: 'Anna', birthDate: '08/10/1950' };
const PASSWORD = 'Ceci est un exemple1';

/**
 * `npm start` restarted in the middle of the journeys: the same data directory and table, the
 * runtime stopped and started again in this process, on the same port. Every running execution
 * carries on: a Wait keeps its due time on the virtual clock, a task token handed out before the
 * restart still resumes its task, and nothing is sent twice.
 */
describe('local restarts (executions kept under the data directory)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-restart-'));
  const dynamoDb = { endpoint: process.env.TEST_DYNAMODB_ENDPOINT!, tableName: `restart-${randomUUID()}` };
  let port: number;
  let runtime: LocalRuntime | undefined;

  const start = async () => {
    runtime = await startLocal({ port, dataDir, dynamoDb });
    runtime.clock.setRate(0.05);
    return runtime;
  };
  const restart = async () => {
    await runtime!.stop();
    runtime = undefined;
    return start();
  };
  const executionOf = (prefix: string) => runtime!.stepFunctions.listExecutions().find((e) => e.stateMachineArn.endsWith(prefix))!;

  beforeAll(async () => {
    port = await freePort();
    await start();
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the activation email once, at its time, after a restart during the 15-minute wait; its link still resumes the workflow', async () => {
    const api = new ApiClient(`http://localhost:${port}`);
    const email = 'restart-activation@example.org';
    const registeredAt = (await api.now()).getTime();
    expect((await api.register({ firstName: 'Anna', lastName: 'Rossi', email, emailLanguage: 'fr' })).status).toBe(202);
    await api.advance(10 * 60);
    await restart();
    // Virtual time flows with real time while the runtime is down (as its clock follows the real one), so count from the registration.
    const due = registeredAt + 15 * 60 * 1000;
    await api.advance((due - (await api.now()).getTime()) / 1000 - 2);
    expect(await api.latestLinkToken(email)).toBeUndefined();
    await api.advance(4);
    expect((await api.outbox(email)).filter((m) => m.text.includes('/set-password#token='))).toHaveLength(1);

    // The workflow now waits on the link's task token: another restart, and the password still ends it.
    await restart();
    const token = (await api.latestLinkToken(email))!;
    expect((await api.post('/api/v1/password', { token, password: PASSWORD, passwordConfirmation: PASSWORD })).status).toBe(200);
    await api.advance(1);
    expect(
      runtime!.stepFunctions
        .listExecutions()
        .find((e) => e.input.includes((JSON.parse(executionOf(':AccountActivation').input) as { accountId: string }).accountId))!.status,
    ).toBe('SUCCEEDED');
    expect((await api.outbox(email)).filter((m) => m.text.includes('/set-password#token='))).toHaveLength(1);
  });

  it('finishes an RCAM enrolment through restarts at the review, the dispatch and the wait for RCAM', async () => {
    const person = new ApiClient(`http://localhost:${port}`);
    const email = 'restart-rcam@example.org';
    const { phoneNumber } = await personWithSmsSession(person, { email });
    const pmo = new ApiClient(`http://localhost:${port}`);
    const reviewer = await personWithSmsSession(pmo, { email: 'restart-reviewer@example.org', firstName: 'Paul', lastName: 'Martin' });
    await runtime!.deps.accounts.grantRole((await runtime!.deps.accounts.findByLogin('restart-reviewer@example.org'))!.accountId, 'pmo');
    await signInWithSms(pmo, 'restart-reviewer@example.org', reviewer.password, reviewer.phoneNumber);

    const { requestId } = (await person.post('/api/v1/rcam/code-requests', FORM)).body;
    await person.advance(1);
    // Restart 1: the workflow waits for the PMO's decision, on a task token stored with the request.
    await restart();
    expect((await pmo.post(`/api/v1/pmo/reviews/${requestId}/decision`, { decision: 'approve', postalAddress: ADDRESS })).status).toBe(200);
    await pmo.advance(1);
    const queued = (await pmo.get('/api/v1/pmo/letters?status=queued')).body.items.find((l: { requestId: string }) => l.requestId === requestId);
    expect(queued).toBeDefined();

    // Restart 2: it waits for the letter's dispatch.
    await restart();
    expect((await pmo.post(`/api/v1/pmo/letters/${queued.letterId}/sent`, { trackingNumber: 'RR123456789BE' })).status).toBe(200);
    await pmo.advance(1);
    expect((await person.get('/api/v1/rcam/enrollment')).body.status).toBe('letter_sent');
    const letters = (await person.outbox()).filter((m) => m.channel === 'letter' && m.text.includes('Anna Rossi'));
    expect(letters).toHaveLength(1);
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(letters[0].text)![1];
    const redeemed = await person.post('/api/v1/rcam/code-redemptions', { code });
    expect(redeemed.status).toBe(200);
    await person.advance(1);

    // Restart 3: it waits on the virtual clock for RCAM's opening, which must not move.
    await restart();
    const { rcamAvailableAt, myIntracommAvailableAt } = redeemed.body as { rcamAvailableAt: string; myIntracommAvailableAt: string };
    await person.advance((Date.parse(rcamAvailableAt) - (await person.now()).getTime()) / 1000 - 5);
    await signInWithSms(person, email, PASSWORD, phoneNumber);
    expect((await person.get('/api/v1/rcam/enrollment')).body.status).toBe('code_redeemed');
    await person.advance(10);
    expect((await person.get('/api/v1/rcam/enrollment')).body.status).toBe('rcam_active');
    await person.advance((Date.parse(myIntracommAvailableAt) - (await person.now()).getTime()) / 1000 + 1);
    await signInWithSms(person, email, PASSWORD, phoneNumber);
    expect((await person.get('/api/v1/rcam/enrollment')).body.status).toBe('complete');
    expect(runtime!.stepFunctions.listExecutions().find((e) => e.input.includes(requestId))!.status).toBe('SUCCEEDED');
  });
});
