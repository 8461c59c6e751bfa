import type { LocalRuntime } from '../../local/main';
import { startBoundaryRuntime } from '../support/local-runtime';
import { STARTUP_TIMEOUT_MS } from '../support/local-server';
import { ApiClient, personWithSmsSession, signInWithSms } from '../support/api-client';

const DAY = 24 * 3600;
const ADDRESS = { name: 'Anna Rossi', lines: ['Via Roma 12'], postalCode: '21027', city: 'Ispra', country: 'Italia' };
const FORM = { staffNumber: '123456', staffNumberConfirmation: '123456', lastName: 'Rossi', firstName: 'Anna', birthDate: '08/10/1950' };

/**
 * The RCAM enrolment state machine from its CDK construct, on the virtual clock, driven through
 * the local HTTP API by a person and a PMO reviewer.
 */
describe('RCAM enrolment workflow (synthesized ASL, virtual clock)', () => {
  let runtime: LocalRuntime;
  let n = 0;

  beforeAll(async () => {
    runtime = await startBoundaryRuntime();
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => runtime?.stop());

  /** A new person with an SMS session, and a new PMO reviewer with one. */
  const cast = async () => {
    const person = new ApiClient(runtime.url);
    const email = `person${++n}@example.org`;
    const personPhone = (await personWithSmsSession(person, { email })).phoneNumber;
    const pmo = new ApiClient(runtime.url);
    const pmoEmail = `reviewer${n}@example.org`;
    const reviewer = await personWithSmsSession(pmo, { email: pmoEmail, firstName: 'Paul', lastName: 'Martin' });
    const account = (await runtime.deps.accounts.findByLogin(pmoEmail))!;
    await runtime.deps.accounts.grantRole(account.accountId, 'pmo');
    await signInWithSms(pmo, pmoEmail, reviewer.password, reviewer.phoneNumber);
    /**
     * Sessions die after 1 hour idle or 12 in all: after a jump, whoever lost theirs signs in again.
     * Only they do: a short jump (RCAM opens at the next Brussels midnight, which may be minutes
     * away) must not send a number more SMS than its 3 in 10 minutes.
     */
    const signInAgain = async () => {
      if ((await person.get('/api/v1/me')).status === 401) await signInWithSms(person, email, 'Ceci est un exemple1', personPhone);
      if ((await pmo.get('/api/v1/me')).status === 401) await signInWithSms(pmo, pmoEmail, reviewer.password, reviewer.phoneNumber);
    };
    return { person, pmo, email, signInAgain };
  };

  const requestAndApprove = async (person: ApiClient, pmo: ApiClient) => {
    const requested = await person.post('/api/v1/rcam/code-requests', FORM);
    expect(requested).toMatchObject({ status: 202, body: { status: 'pending_review' } });
    const { requestId } = requested.body;
    expect((await pmo.post(`/api/v1/pmo/reviews/${requestId}/decision`, { decision: 'approve', postalAddress: ADDRESS })).status).toBe(200);
    await runtime.clock.advance(1);
    const queued = (await pmo.get('/api/v1/pmo/letters?status=queued')).body.items.find((l: { requestId: string }) => l.requestId === requestId);
    return { requestId, letterId: queued.letterId as string };
  };
  const codeFromLetter = async (person: ApiClient) => {
    const letters = (await person.outbox()).filter((m) => m.channel === 'letter' && m.text.includes('Anna Rossi'));
    return /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(letters.at(-1)!.text)![1];
  };
  const send = (pmo: ApiClient, letterId: string) => pmo.post(`/api/v1/pmo/letters/${letterId}/sent`, { trackingNumber: 'RR123456789BE' });
  const deliver = async (pmo: ApiClient, letterId: string) => {
    const deliveredAt = (await pmo.now()).toISOString();
    expect((await pmo.post(`/api/v1/pmo/letters/${letterId}/delivered`, { deliveredAt })).status).toBe(200);
    await runtime.clock.advance(1);
    return new Date(deliveredAt);
  };

  const funnel = async (): Promise<Record<string, number>> =>
    ((await (await fetch(`${runtime.url}/_local/metrics`)).json()) as { funnel: Record<string, number> }).funnel;

  it('walks the manual: request, review, letter, dispatch, delivery, code, RCAM the next day, My Intracomm 48 h later', async () => {
    const before = await funnel();
    const { person, pmo, signInAgain } = await cast();
    const { requestId, letterId } = await requestAndApprove(person, pmo);
    expect((await person.get('/api/v1/rcam/enrollment')).body).toMatchObject({ requestId, status: 'letter_queued' });

    const letter = (await person.outbox()).filter((m) => m.channel === 'letter').at(-1)!;
    expect(letter.to).toBe('Anna Rossi, Via Roma 12, 21027 Ispra, Italia');
    expect(letter.text).toContain('6 mois');
    const pdf = await fetch(`${runtime.url}/api/v1/pmo/letters/${letterId}/pdf`, { headers: { cookie: `__Host-session=${pmo.cookie('__Host-session')}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    expect((await send(pmo, letterId)).status).toBe(200);
    await runtime.clock.advance(1);
    expect((await person.get('/api/v1/rcam/enrollment')).body.status).toBe('letter_sent');
    await deliver(pmo, letterId);
    const delivered = (await person.get('/api/v1/rcam/enrollment')).body;
    expect(delivered.status).toBe('letter_delivered');
    expect(delivered.codeExpiresAt).toEqual(expect.any(String));

    const code = await codeFromLetter(person);
    const redeemed = await person.post('/api/v1/rcam/code-redemptions', { code: code.toLowerCase().replace(/-/g, ' ') });
    expect(redeemed.status).toBe(200);
    const { rcamAvailableAt, myIntracommAvailableAt } = redeemed.body;
    let me = (await person.get('/api/v1/me')).body;
    expect(me.entitlements).toEqual({
      rcam: { status: 'pending', availableFrom: rcamAvailableAt },
      myIntracomm: { status: 'pending', availableFrom: myIntracommAvailableAt },
      // Opened by the person's first sign-in with SMS.
      pmoContact: { status: 'active', availableFrom: expect.any(String) },
    });

    // Signed in a minute before, then moved to 1 s before: signing in takes real (so virtual) time on a busy machine.
    await runtime.clock.advance((new Date(rcamAvailableAt).getTime() - (await person.now()).getTime()) / 1000 - 60);
    await signInAgain();
    await runtime.clock.advance((new Date(rcamAvailableAt).getTime() - (await person.now()).getTime()) / 1000 - 1);
    expect((await person.get('/api/v1/me')).body.entitlements.rcam.status).toBe('pending');
    await runtime.clock.advance(2);
    await signInAgain();
    me = (await person.get('/api/v1/me')).body;
    expect(me.entitlements.rcam.status).toBe('active');
    expect((await person.get('/api/v1/rcam/enrollment')).body.status).toBe('rcam_active');

    await runtime.clock.advance((new Date(myIntracommAvailableAt).getTime() - (await person.now()).getTime()) / 1000 + 1);
    await signInAgain();
    const final = (await person.get('/api/v1/rcam/enrollment')).body;
    expect(final.status).toBe('complete');
    expect(final.timeline.map((e: { status: string }) => e.status)).toEqual([
      'pending_review',
      'letter_queued',
      'letter_sent',
      'letter_delivered',
      'code_redeemed',
      'rcam_active',
      'complete',
    ]);
    expect((await person.get('/api/v1/me')).body.entitlements.myIntracomm.status).toBe('active');

    // The dashboard's funnel: the person and the reviewer each created an account, set a password
    // and confirmed a phone; one code was requested, one letter sent, one code redeemed; each once,
    // whatever sign-ins came between.
    const after = await funnel();
    expect(Object.fromEntries(Object.entries(after).map(([step, count]) => [step, count - before[step]]))).toEqual({
      AccountsCreated: 2,
      PasswordsSet: 2,
      PhonesConfirmed: 2,
      CodesRequested: 1,
      LettersSent: 1,
      CodesRedeemed: 1,
    });
  });

  it('gives My Intracomm exactly 48 hours after the redemption, and RCAM at the next Brussels midnight', async () => {
    const { person, pmo } = await cast();
    const { letterId } = await requestAndApprove(person, pmo);
    await send(pmo, letterId);
    await runtime.clock.advance(1);
    const code = await codeFromLetter(person);
    const before = await person.now();
    const { body } = await person.post('/api/v1/rcam/code-redemptions', { code });
    const myIntracomm = new Date(body.myIntracommAvailableAt).getTime() - before.getTime();
    expect(myIntracomm).toBeGreaterThanOrEqual(48 * 3600 * 1000);
    expect(myIntracomm).toBeLessThan(48 * 3600 * 1000 + 1000);
    const midnight = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      new Date(body.rcamAvailableAt),
    );
    expect(midnight).toBe('00:00');
    // A redemption before the acknowledgement of receipt proves delivery.
    expect((await person.get('/api/v1/rcam/enrollment')).body).toMatchObject({ status: 'code_redeemed', codeExpiresAt: expect.any(String) });
  });

  it('times the review out after 30 days: pending 1 s before, review_expired 1 s after, and a late decision is 409', async () => {
    const { person, pmo, signInAgain } = await cast();
    const { requestId } = (await person.post('/api/v1/rcam/code-requests', FORM)).body;
    await runtime.clock.advance(30 * DAY - 60);
    await signInAgain(); // before moving to 1 s before: signing in takes real (so virtual) time
    await runtime.clock.advance(59);
    expect((await person.get('/api/v1/rcam/enrollment')).body.status).toBe('pending_review');
    await runtime.clock.advance(2);
    expect((await person.get('/api/v1/rcam/enrollment')).body.status).toBe('review_expired');
    expect(await pmo.post(`/api/v1/pmo/reviews/${requestId}/decision`, { decision: 'approve', postalAddress: ADDRESS })).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict' } },
    });
    // The person may ask again.
    expect((await person.post('/api/v1/rcam/code-requests', FORM)).status).toBe(202);
  });

  it('rejects with a reason emailed to the person; a second decision is 409; a new request is then possible', async () => {
    const { person, pmo, email } = await cast();
    const { requestId } = (await person.post('/api/v1/rcam/code-requests', FORM)).body;
    expect((await person.post('/api/v1/rcam/code-requests', FORM)).status).toBe(409);
    const pending = (await pmo.get('/api/v1/pmo/reviews?status=pending')).body.items.find((item: { requestId: string }) => item.requestId === requestId);
    expect(pending).toMatchObject({ staffNumber: '123456', birthDate: '08/10/1950', email });
    expect((await pmo.post(`/api/v1/pmo/reviews/${requestId}/decision`, { decision: 'reject', reason: 'Numéro de matricule inconnu' })).status).toBe(200);
    expect((await pmo.post(`/api/v1/pmo/reviews/${requestId}/decision`, { decision: 'reject', reason: 'Encore' })).status).toBe(409);
    await runtime.clock.advance(1);
    expect((await person.get('/api/v1/rcam/enrollment')).body.status).toBe('rejected');
    expect((await person.outbox(email)).at(-1)!.text).toContain('Numéro de matricule inconnu');
    expect((await person.post('/api/v1/rcam/code-requests', FORM)).status).toBe(202);
  });

  /** A delivered letter, and the clock moved to `offsetSeconds` from the end of its 6 months; sessions renewed. */
  const deliveredThenMovedToExpiry = async (offsetSeconds: number) => {
    const { person, pmo, signInAgain } = await cast();
    const { letterId } = await requestAndApprove(person, pmo);
    await send(pmo, letterId);
    await runtime.clock.advance(1);
    await deliver(pmo, letterId);
    const { codeExpiresAt } = (await person.get('/api/v1/rcam/enrollment')).body;
    await runtime.clock.advance((new Date(codeExpiresAt).getTime() - (await person.now()).getTime()) / 1000 + offsetSeconds);
    await signInAgain();
    return person;
  };

  it('keeps the code a day before the 6 months are up', async () => {
    const person = await deliveredThenMovedToExpiry(-DAY);
    expect((await person.get('/api/v1/rcam/enrollment')).body.status).toBe('letter_delivered');
    expect((await person.post('/api/v1/rcam/code-redemptions', { code: await codeFromLetter(person) })).status).toBe(200);
  });

  it('expires the code a day after the 6 months', async () => {
    const person = await deliveredThenMovedToExpiry(DAY);
    expect((await person.get('/api/v1/rcam/enrollment')).body.status).toBe('code_expired');
    expect(await person.post('/api/v1/rcam/code-redemptions', { code: await codeFromLetter(person) })).toMatchObject({
      status: 410,
      body: { error: { code: 'code_expired' } },
    });
  });

  it('lets exactly one of concurrent redemptions of one code succeed', async () => {
    const { person, pmo } = await cast();
    const { letterId } = await requestAndApprove(person, pmo);
    await send(pmo, letterId);
    await runtime.clock.advance(1);
    const code = await codeFromLetter(person);
    const results = await Promise.all([1, 2, 3].map(() => person.post('/api/v1/rcam/code-redemptions', { code })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410]);
  });

  it('answers 429 after 5 wrong codes in 10 minutes', async () => {
    const { person, pmo } = await cast();
    const { letterId } = await requestAndApprove(person, pmo);
    await send(pmo, letterId);
    await runtime.clock.advance(1);
    for (let i = 0; i < 5; i++) expect((await person.post('/api/v1/rcam/code-redemptions', { code: 'AAAA-AAAA-AAAA-AAAA' })).status).toBe(400);
    const refused = await person.post('/api/v1/rcam/code-redemptions', { code: await codeFromLetter(person) });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'too_many_attempts', message: 'Trop de codes erronés ont été saisis. Réessayez plus tard.' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('keeps RCAM to sessions proven by SMS, and the PMO console to PMO staff', async () => {
    const { person } = await cast();
    expect(await person.get('/api/v1/pmo/reviews?status=pending')).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    await person.request('DELETE', '/api/v1/sessions/current');
    await person.post('/api/v1/sessions', { login: `person${n}@example.org`, password: 'Ceci est un exemple1', method: 'password' });
    expect(await person.post('/api/v1/rcam/code-requests', FORM)).toMatchObject({ status: 403, body: { error: { code: 'step_up_required' } } });
  });

  it('validates the request form', async () => {
    const { person } = await cast();
    const future = new Date(Date.now() + 400 * DAY);
    const futureDate = `${String(future.getUTCDate()).padStart(2, '0')}/${String(future.getUTCMonth() + 1).padStart(2, '0')}/${future.getUTCFullYear() + 1}`;
    for (const [change, field] of [
      [{ staffNumberConfirmation: '123446' }, 'staffNumberConfirmation'],
      [{ staffNumber: '12a456', staffNumberConfirmation: '12a456' }, 'staffNumber'],
      [{ birthDate: '31/02/1950' }, 'birthDate'],
      [{ birthDate: futureDate }, 'birthDate'],
    ] as const) {
      const response = await person.post('/api/v1/rcam/code-requests', { ...FORM, ...change });
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.error.fields)).toContain(field);
    }
    expect((await person.get('/api/v1/rcam/enrollment')).status).toBe(404);
  });
});
