import type { LocalRuntime } from '../../local/main';
import { startBoundaryRuntime } from '../support/local-runtime';
import { STARTUP_TIMEOUT_MS } from '../support/local-server';
import { ApiClient, personWithSmsSession, signInWithSms } from '../support/api-client';

// Its own file, so its own runtime and virtual clock: it moves time months ahead.
const ADDRESS = { name: 'Anna Rossi', lines: ['Via Roma 12'], postalCode: '21027', city: 'Ispra', country: 'Italia' };
const FORM = { staffNumber: '123456', staffNumberConfirmation: '123456', lastName: 'Rossi', firstName: 'Anna', birthDate: '08/10/1950' };

describe('RCAM opening at the next Brussels midnight in summer time (workflow)', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startBoundaryRuntime();
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => runtime?.stop());

  it('opens RCAM exactly at 00:00 Brussels (22:00 UTC) and not a second before', async () => {
    // Move the clock to the next 15 July, 10:00 UTC: summer time in Brussels.
    const now = runtime.clock.now();
    const july = new Date(Date.UTC(now.getUTCMonth() < 6 ? now.getUTCFullYear() : now.getUTCFullYear() + 1, 6, 15, 10));
    await runtime.clock.advance((july.getTime() - now.getTime()) / 1000);
    const person = new ApiClient(runtime.url);
    await personWithSmsSession(person, { email: 'summer@example.org' });
    const pmo = new ApiClient(runtime.url);
    const reviewer = await personWithSmsSession(pmo, { email: 'summer-pmo@example.org' });
    await runtime.deps.accounts.grantRole((await runtime.deps.accounts.findByLogin('summer-pmo@example.org'))!.accountId, 'pmo');
    await signInWithSms(pmo, 'summer-pmo@example.org', reviewer.password, reviewer.phoneNumber);

    const requested = await person.post('/api/v1/rcam/code-requests', FORM);
    expect(requested.status).toBe(202);
    const { requestId } = requested.body;
    await runtime.clock.advance(1);
    const decided = await pmo.post(`/api/v1/pmo/reviews/${requestId}/decision`, { decision: 'approve', postalAddress: ADDRESS });
    expect(decided.body).toEqual({ requestId, decision: 'approve' });
    await runtime.clock.advance(1);
    const { letterId } = (await pmo.get('/api/v1/pmo/letters?status=queued')).body.items.find((l: { requestId: string }) => l.requestId === requestId);
    await pmo.post(`/api/v1/pmo/letters/${letterId}/sent`, { trackingNumber: 'RR1BE' });
    await runtime.clock.advance(1);
    const letter = (await person.outbox()).filter((m) => m.channel === 'letter').at(-1)!;
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(letter.text)![1];
    const { rcamAvailableAt } = (await person.post('/api/v1/rcam/code-redemptions', { code })).body;
    const redeemedAt = await person.now();
    expect(rcamAvailableAt).toBe(`${redeemedAt.toISOString().slice(0, 10)}T22:00:00.000Z`);
    await runtime.clock.advance((new Date(rcamAvailableAt).getTime() - redeemedAt.getTime()) / 1000 - 1);
    expect((await runtime.deps.rcam.find(requestId))!.status).toBe('code_redeemed');
    await runtime.clock.advance(2);
    expect((await runtime.deps.rcam.find(requestId))!.status).toBe('rcam_active');
  });
});
