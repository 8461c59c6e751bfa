import type { LocalRuntime } from '../../local/main';
import { stepRetrySpanSeconds } from '#domain/rules';
import { startBoundaryRuntime } from '../support/local-runtime';
import { STARTUP_TIMEOUT_MS } from '../support/local-server';
import { ApiClient, personWithSmsSession, signInWithSms } from '../support/api-client';

const DAY = 24 * 3600;
const FORM = { staffNumber: '424242', staffNumberConfirmation: '424242', lastName: 'Martin', firstName: 'Paul', birthDate: '14/07/1952' };
const ADDRESS = { name: 'Paul Martin', lines: ['Rue de la Loi 200'], postalCode: '1049', city: 'Bruxelles', country: 'Belgique' };

/**
 * The PMO as an insider would abuse it, on the whole local stack (HTTP API, DynamoDB Local, the
 * RCAM state machine on the virtual clock): a clerk serving their own request, a letter printed
 * without trace, the code in clear left at rest, a letter that would print broken.
 */
describe('the PMO, attacked', () => {
  let runtime: LocalRuntime;
  let n = 0;

  beforeAll(async () => {
    runtime = await startBoundaryRuntime();
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => runtime?.stop());

  /** A person with an SMS session, made a PMO clerk; `signInAgain` after the clock jumped days. */
  const clerk = async (name: string) => {
    const api = new ApiClient(runtime.url);
    const email = `${name}${++n}@example.org`;
    const { phoneNumber, password } = await personWithSmsSession(api, { email, firstName: 'Paul', lastName: 'Martin' });
    const account = (await runtime.deps.accounts.findByLogin(email))!;
    await runtime.deps.accounts.grantRole(account.accountId, 'pmo');
    const signInAgain = () => signInWithSms(api, email, password, phoneNumber);
    await signInAgain();
    return { api, username: account.username, signInAgain };
  };
  const person = async () => {
    const api = new ApiClient(runtime.url);
    const email = `person${++n}@example.org`;
    await personWithSmsSession(api, { email });
    return api;
  };
  /** What a refusal must leave as it was: the request, its letter (PDF included) and its audit trail. */
  const snapshot = async (requestId: string) => {
    const request = await runtime.deps.rcam.find(requestId);
    const letter = request?.letterId ? await runtime.deps.rcam.findLetter(request.letterId) : undefined;
    return JSON.stringify({ request, letter: letter && { ...letter, pdf: letter.pdf?.length }, audit: await runtime.deps.rcam.auditTrail(requestId) });
  };
  const queuedLetterOf = async (api: ApiClient, requestId: string) =>
    (await api.get('/api/v1/pmo/letters?status=queued')).body.items.find((letter: { requestId: string }) => letter.requestId === requestId);
  const code = (response: { status: number; body: any }) => [response.status, response.body?.error?.code];

  it('never lets a clerk decide, print, send or deliver their own request; another clerk can, and every PDF download is in the audit trail', async () => {
    const insider = await clerk('insider');
    const colleague = await clerk('colleague');
    const requested = await insider.api.post('/api/v1/rcam/code-requests', FORM);
    expect(requested.status).toBe(202);
    const { requestId } = requested.body;
    await runtime.clock.advance(1);

    // The console lists it, flagged, for both: the insider cannot act on it.
    const listed = (await insider.api.get('/api/v1/pmo/reviews')).body.items.find((item: { requestId: string }) => item.requestId === requestId);
    expect(listed).toMatchObject({ requestId, ownRequest: true });
    expect((await colleague.api.get('/api/v1/pmo/reviews')).body.items.find((item: { requestId: string }) => item.requestId === requestId)).toMatchObject({
      ownRequest: false,
    });

    // Approve and reject, in a burst: all refused, nothing recorded, the workflow still waits.
    const before = await snapshot(requestId);
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        insider.api.post(
          `/api/v1/pmo/reviews/${requestId}/decision`,
          i % 2 ? { decision: 'reject', reason: 'Moi-même' } : { decision: 'approve', postalAddress: ADDRESS },
        ),
      ),
    );
    expect(burst.map(code)).toEqual(Array.from({ length: 10 }, () => [403, 'own_request']));
    expect(burst[0].body.error.message).toBe('Cette demande a été introduite depuis votre propre compte : un autre membre du PMO doit la traiter.');
    await runtime.clock.advance(1);
    expect(await snapshot(requestId)).toBe(before);
    expect((await insider.api.get('/api/v1/rcam/enrollment')).body.status).toBe('pending_review');

    // Another clerk approves it.
    expect((await colleague.api.post(`/api/v1/pmo/reviews/${requestId}/decision`, { decision: 'approve', postalAddress: ADDRESS })).status).toBe(200);
    await runtime.clock.advance(1);
    const letter = await queuedLetterOf(colleague.api, requestId);
    expect(letter).toMatchObject({ ownRequest: false });
    expect(await queuedLetterOf(insider.api, requestId)).toMatchObject({ letterId: letter.letterId, ownRequest: true });

    // The insider may not print it (the code in clear), send it, or record its delivery.
    const queued = await snapshot(requestId);
    const letterPath = `/api/v1/pmo/letters/${letter.letterId}`;
    expect(code(await insider.api.get(`${letterPath}/pdf`))).toEqual([403, 'own_request']);
    expect(code(await insider.api.post(`${letterPath}/sent`, { trackingNumber: 'RR000000001BE' }))).toEqual([403, 'own_request']);
    expect(code(await insider.api.post(`${letterPath}/delivered`, { deliveredAt: (await insider.api.now()).toISOString() }))).toEqual([403, 'own_request']);
    expect(await snapshot(requestId)).toBe(queued);

    // The colleague prints it, twice (a jammed printer): each download is in the trail, by username.
    for (const _ of [1, 2]) {
      const pdf = await colleague.api.get(`${letterPath}/pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      await runtime.clock.advance(1);
    }
    const trail = await insider.api.get(`/api/v1/pmo/requests/${requestId}/audit`);
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((item: { actor: string; action: string }) => `${item.actor} ${item.action}`)).toEqual([
      `${colleague.username} review_approve`,
      `${colleague.username} letter_pdf_downloaded`,
      `${colleague.username} letter_pdf_downloaded`,
    ]);
    expect(trail.body.items[1]).toEqual({
      at: expect.any(String),
      actor: colleague.username,
      action: 'letter_pdf_downloaded',
      details: { letterId: letter.letterId },
    });
    expect(JSON.stringify(trail.body)).not.toContain('@example.org');

    // Sent: the PDF is gone for everyone; the letter's summary stays.
    expect((await colleague.api.post(`${letterPath}/sent`, { trackingNumber: 'RR123456789BE' })).status).toBe(200);
    expect(code(await colleague.api.get(`${letterPath}/pdf`))).toEqual([410, 'letter_gone']);
    expect(await runtime.deps.rcam.findLetter(letter.letterId)).toMatchObject({ status: 'sent', trackingNumber: 'RR123456789BE', pdf: undefined });
    await runtime.clock.advance(1);
    expect(code(await insider.api.post(`${letterPath}/delivered`, { deliveredAt: (await insider.api.now()).toISOString() }))).toEqual([403, 'own_request']);
    expect((await colleague.api.post(`${letterPath}/delivered`, { deliveredAt: (await colleague.api.now()).toISOString() })).status).toBe(200);
    await runtime.clock.advance(1);
    expect((await insider.api.get('/api/v1/rcam/enrollment')).body.status).toBe('letter_delivered');
  }, 120_000);

  it('keeps the audit trail to PMO staff, and answers 404 for an unknown request', async () => {
    const reviewer = await clerk('reader');
    const someone = await person();
    const { requestId } = (await someone.post('/api/v1/rcam/code-requests', FORM)).body;
    expect(code(await someone.get(`/api/v1/pmo/requests/${requestId}/audit`))).toEqual([403, 'forbidden']);
    expect(code(await reviewer.api.get('/api/v1/pmo/requests/f4b0e1de-3c1b-4a43-9a8e-1c3f0c0a7e11/audit'))).toEqual([404, 'not_found']);
    expect(code(await reviewer.api.get('/api/v1/pmo/requests/..%2F..%2Fetc/audit'))).toEqual([404, 'not_found']);
    expect(await reviewer.api.get(`/api/v1/pmo/requests/${requestId}/audit`)).toMatchObject({ status: 200, body: { items: [] } });
  });

  describe('letters that would print broken are refused at approval, and the request stays pending', () => {
    it.each([
      [
        'a line too wide for the envelope window',
        { lines: ['Résidence Les Jardins de la Cambre, appartement 12B, bâtiment C'] },
        'postalAddress.lines.0',
        'address_line_too_long',
      ],
      [
        'a second line too wide',
        { lines: ['Rue de la Loi 200', 'Bâtiment Berlaymont, bureau 12/345, à l’attention du service courrier'] },
        'postalAddress.lines.1',
        'address_line_too_long',
      ],
      [
        'a city that makes its line too wide',
        { city: 'Sint-Pieters-Woluwe (Woluwe-Saint-Pierre), Région de Bruxelles-Capitale' },
        'postalAddress.city',
        'address_line_too_long',
      ],
      ['a character outside the font (CJK)', { lines: ['北京市朝阳区 12'] }, 'postalAddress.lines.0', 'address_unprintable_character'],
      ['a character outside the font (emoji)', { name: 'Paul Martin 📦' }, 'postalAddress.name', 'address_unprintable_character'],
      ['twelve lines', { lines: Array.from({ length: 12 }, (_, i) => `Ligne ${i + 1}`) }, 'postalAddress.lines', 'address_too_tall'],
      [
        'five lines (eight in the window, one too many)',
        { lines: Array.from({ length: 5 }, (_, i) => `Ligne ${i + 1}`) },
        'postalAddress.lines',
        'address_too_tall',
      ],
    ])(
      '%s',
      async (_, change, field, fieldCode) => {
        const reviewer = await clerk('printer');
        const someone = await person();
        const { requestId } = (await someone.post('/api/v1/rcam/code-requests', FORM)).body;
        await runtime.clock.advance(1);
        const before = await snapshot(requestId);
        const refused = await reviewer.api.post(`/api/v1/pmo/reviews/${requestId}/decision`, { decision: 'approve', postalAddress: { ...ADDRESS, ...change } });
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatchObject({ code: 'validation_failed', fields: { [field]: { code: fieldCode, message: expect.any(String) } } });
        expect(Object.keys(refused.body.error.fields)).toEqual([field]);
        await runtime.clock.advance(1);
        expect(await snapshot(requestId)).toBe(before);
        expect((await someone.get('/api/v1/rcam/enrollment')).body.status).toBe('pending_review');
        // Four lines of street (seven in the window) and a name in Greek fit: the request can still be approved.
        const fits = { ...ADDRESS, name: 'Γεώργιος Παπαδόπουλος', lines: ['Rue de la Loi 200', 'Bâtiment Berlaymont', 'Bureau 12/345', 'Boîte postale 1049'] };
        expect((await reviewer.api.post(`/api/v1/pmo/reviews/${requestId}/decision`, { decision: 'approve', postalAddress: fits })).status).toBe(200);
      },
      60_000,
    );
  });

  describe('the code in clear does not outlive the workflow', () => {
    /** A request approved by a clerk, its letter queued with its PDF. */
    const approved = async () => {
      const reviewer = await clerk('keeper');
      const someone = await person();
      const { requestId } = (await someone.post('/api/v1/rcam/code-requests', FORM)).body;
      await runtime.clock.advance(1);
      expect((await reviewer.api.post(`/api/v1/pmo/reviews/${requestId}/decision`, { decision: 'approve', postalAddress: ADDRESS })).status).toBe(200);
      await runtime.clock.advance(1);
      const { letterId } = (await runtime.deps.rcam.find(requestId))!;
      expect((await runtime.deps.rcam.findLetter(letterId!))!.pdf?.length).toBeGreaterThan(1000);
      return { reviewer, someone, requestId, letterId: letterId! };
    };
    const pdfOf = async (letterId: string) => (await runtime.deps.rcam.findLetter(letterId))!.pdf;
    const codeOf = async (someone: ApiClient) => {
      const letters = (await someone.outbox()).filter((m) => m.channel === 'letter');
      return /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(letters.at(-1)!.text)![1];
    };

    it('never sent: kept for reprints until the 14 days to post it are up, then deleted (undelivered)', async () => {
      const { requestId, letterId } = await approved();
      await runtime.clock.advance(14 * DAY - 5);
      expect(await pdfOf(letterId)).toBeDefined();
      await runtime.clock.advance(10);
      expect((await runtime.deps.rcam.find(requestId))!.status).toBe('letter_undelivered');
      expect(await runtime.deps.rcam.findLetter(letterId)).toMatchObject({ letterId, requestId, status: 'queued', pdf: undefined });
      expect((await runtime.deps.rcam.auditTrail(requestId)).map((record) => `${record.actor} ${record.action}`)).toContain('workflow letter_pdf_discarded');
    }, 60_000);

    it('redeemed, RCAM then My Intracomm granted: gone at sending, and still gone at the end', async () => {
      const { reviewer, someone, requestId, letterId } = await approved();
      expect((await reviewer.api.post(`/api/v1/pmo/letters/${letterId}/sent`, { trackingNumber: 'RR123456789BE' })).status).toBe(200);
      expect(await pdfOf(letterId)).toBeUndefined();
      await runtime.clock.advance(1);
      expect((await someone.post('/api/v1/rcam/code-redemptions', { code: await codeOf(someone) })).status).toBe(200);
      await runtime.clock.advance(3 * DAY);
      expect((await runtime.deps.rcam.find(requestId))!.status).toBe('complete');
      expect(await pdfOf(letterId)).toBeUndefined();
    }, 60_000);

    it('sent but never acknowledged: the code expires with the letter gone (undelivered after 30 days)', async () => {
      const { reviewer, requestId, letterId } = await approved();
      expect((await reviewer.api.post(`/api/v1/pmo/letters/${letterId}/sent`, { trackingNumber: 'RR123456789BE' })).status).toBe(200);
      await runtime.clock.advance(31 * DAY);
      expect((await runtime.deps.rcam.find(requestId))!.status).toBe('letter_undelivered');
      expect(await pdfOf(letterId)).toBeUndefined();
    }, 60_000);

    it('a step that fails for good still deletes it, and the execution fails', async () => {
      const store = runtime.deps.rcam;
      const setLetterTaskToken = store.setLetterTaskToken;
      // The local runner tells a developer of each failed attempt; here they are expected.
      const failures = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      store.setLetterTaskToken = async () => {
        throw new Error('injected: DynamoDB unavailable');
      };
      try {
        const { requestId, letterId } = await approved();
        // The step's whole retry schedule (about 7.5 hours), then the clean-up.
        await runtime.clock.advance(stepRetrySpanSeconds() + 60);
        expect(await pdfOf(letterId)).toBeUndefined();
        expect((await runtime.deps.rcam.auditTrail(requestId)).map((record) => record.action)).toEqual(
          expect.arrayContaining(['workflow_failed', 'letter_pdf_discarded']),
        );
        const execution = runtime.stepFunctions.listExecutions().find((candidate) => candidate.name === `rcam-${requestId}`)!;
        expect(execution).toMatchObject({ status: 'FAILED', cause: expect.stringContaining('failed after its retries') });
        expect(failures).toHaveBeenCalledWith(expect.stringContaining('AwaitDispatch failed (Error): injected'));
      } finally {
        store.setLetterTaskToken = setLetterTaskToken;
        failures.mockRestore();
      }
    }, 60_000);
  });
});
