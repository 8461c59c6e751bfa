import type { LocalRuntime } from '../../local/main';
import { recordStuckExecution } from '#domain/cases';
import { stepRetrySpanSeconds } from '#domain/rules';
import { startBoundaryRuntime } from '../support/local-runtime';
import { STARTUP_TIMEOUT_MS } from '../support/local-server';
import { ApiClient, signInWithSms } from '../support/api-client';

const MINUTE = 60;

/**
 * The PMO's "to handle" list: an activation whose mail step ran out of retries (SES down for 9
 * hours) fails, the local runner emits the Step Functions status-change event to the same recorder
 * as EventBridge in AWS, and a clerk retries one case and closes the other.
 */
describe('stuck workflows: the "to handle" list', () => {
  let runtime: LocalRuntime;
  let person: ApiClient;
  let clerk: ApiClient;
  const emails = ['stuck1@example.org', 'stuck2@example.org'];
  let cases: Array<{ caseId: string; username: string; workflow: string; status: string; state: string; retryable: boolean }>;

  beforeAll(async () => {
    runtime = await startBoundaryRuntime();
    person = new ApiClient(runtime.url);
    clerk = new ApiClient(runtime.url);
    for (const email of emails) expect((await person.register({ firstName: 'Paul', lastName: 'Bloqué', email, emailLanguage: 'fr' })).status).toBe(202);
    // SES is down from before the mails are due until well past the steps' retries.
    expect((await person.post('/_local/faults', { service: 'ses', mode: 'error', minutes: 9 * 60 })).status).toBe(200);
    await person.advance(15 * MINUTE + stepRetrySpanSeconds() + MINUTE);
    await person.request('DELETE', '/_local/faults');
    await signInWithSms(clerk, runtime.pmo.email, runtime.pmo.password, runtime.pmo.phone);
  }, STARTUP_TIMEOUT_MS + 60_000);
  afterAll(() => runtime?.stop());

  it('records each failed execution once, as a FAILED activation of its account', async () => {
    const failed = runtime.stepFunctions.listExecutions().filter((e) => e.status === 'FAILED');
    expect(failed).toHaveLength(2);
    const listed = await clerk.get('/api/v1/pmo/cases');
    expect(listed.status).toBe(200);
    cases = listed.body.items;
    expect(cases).toHaveLength(2);
    for (const stuck of cases) {
      expect(stuck).toMatchObject({ workflow: 'activation', status: 'FAILED', state: 'open', retryable: true, username: expect.stringMatching(/bloq/) });
    }
    // EventBridge delivers at least once: the same event again records nothing new.
    const event = { ...failed[0], stopDate: failed[0].stopDate?.getTime() };
    expect(await recordStuckExecution(runtime.deps, event)).toBe('known');
    expect((await clerk.get('/api/v1/pmo/cases')).body.items).toHaveLength(2);
    expect(await person.outbox(emails[0])).toEqual([]);
  });

  it('is for the PMO only', async () => {
    expect((await person.get('/api/v1/pmo/cases')).status).toBe(401);
    expect((await person.post(`/api/v1/pmo/cases/${cases[0].caseId}/retry`)).status).toBe(401);
    expect((await clerk.get('/api/v1/pmo/cases?status=stuck')).status).toBe(400);
  });

  it('retries a case: the workflow starts again and the mail goes once', async () => {
    const [first] = cases;
    const retried = await clerk.post(`/api/v1/pmo/cases/${first.caseId}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ caseId: first.caseId, state: 'retried', executionName: expect.stringMatching(/^activation-.+-r[0-9a-z]+$/) });
    expect((await clerk.post(`/api/v1/pmo/cases/${first.caseId}/retry`)).body.error.code).toBe('case_not_open');
    expect((await clerk.post(`/api/v1/pmo/cases/${first.caseId}/close`)).body.error.code).toBe('case_not_open');
    const open = (await clerk.get('/api/v1/pmo/cases')).body.items;
    expect(open.map((c: { caseId: string }) => c.caseId)).toEqual([cases[1].caseId]);
    expect((await clerk.get('/api/v1/pmo/cases?status=retried')).body.items).toEqual([
      expect.objectContaining({ caseId: first.caseId, state: 'retried', handledBy: runtime.pmo.username }),
    ]);
    await clerk.advance(15 * MINUTE);
    const sent = [...(await person.outbox(emails[0])), ...(await person.outbox(emails[1]))];
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toContain('/set-password#token=');
    // Nothing more later (the clerk's session stays within its idle hour).
    await clerk.advance(30 * MINUTE);
    expect([...(await person.outbox(emails[0])), ...(await person.outbox(emails[1]))]).toHaveLength(1);
  });

  it('closes a case, once; an unknown case is 404', async () => {
    const second = cases[1];
    const closed = await clerk.post(`/api/v1/pmo/cases/${second.caseId}/close`);
    expect(closed).toMatchObject({ status: 200, body: { caseId: second.caseId, state: 'closed' } });
    expect((await clerk.post(`/api/v1/pmo/cases/${second.caseId}/close`)).status).toBe(409);
    expect((await clerk.post(`/api/v1/pmo/cases/${second.caseId}/retry`)).status).toBe(409);
    expect((await clerk.get('/api/v1/pmo/cases')).body.items).toEqual([]);
    expect((await clerk.get('/api/v1/pmo/cases?status=closed')).body.items).toHaveLength(1);
    expect((await clerk.post(`/api/v1/pmo/cases/${'0'.repeat(32)}/close`)).body.error.code).toBe('case_not_found');
    expect((await clerk.post('/api/v1/pmo/cases/..%2Fx/retry')).status).toBe(404);
  });
});
