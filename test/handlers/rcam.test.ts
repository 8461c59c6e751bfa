import { buildHandler as buildDecide } from '../../functions/pmo/decide';
import { buildHandler as buildLetterDelivered } from '../../functions/pmo/letter-delivered';
import { buildHandler as buildLetterPdf } from '../../functions/pmo/letter-pdf';
import { buildHandler as buildLetterSent } from '../../functions/pmo/letter-sent';
import { buildHandler as buildListLetters } from '../../functions/pmo/list-letters';
import { buildHandler as buildListReviews } from '../../functions/pmo/list-reviews';
import { buildHandler as buildRequestAudit } from '../../functions/pmo/request-audit';
import { buildHandler as buildRedeem } from '../../functions/rcam/redeem-code';
import { buildHandler as buildRequestCode } from '../../functions/rcam/request-code';
import { runRcamStep } from '#domain/rcam-workflow';
import { openSession } from '#domain/sessions';
import { FORM, rcamHandlers } from '../support/rcam-handlers';
import { harness, httpEvent, invoke, RecordingCallbacks, sessionCookieFor, signedUpPerson, type Harness } from '../support/builders';

const ADDRESS = { name: 'Anna Rossi', lines: ['Via Roma 12'], postalCode: '21027', city: 'Ispra', country: 'Italia' };

/** The RCAM and PMO handlers on DynamoDB Local, the workflow's steps run by hand. */
describe('RCAM and PMO handlers', () => {
  const fixture = rcamHandlers();
  const { call, request } = fixture;
  let h: Harness;
  let person: string[];
  let pmo: string[];
  beforeEach(() => ({ h, person, pmo } = fixture));
  const approve = (requestId: string, cookies = pmo) =>
    call(() => buildDecide(h.deps), { body: { decision: 'approve', postalAddress: ADDRESS }, cookies, pathParameters: { requestId } });
  const audit = async (requestId: string) =>
    (await h.items()).filter((item) => item.pk === `AUDIT#${requestId}`).map((item) => ({ actor: item.actor as string, action: item.action as string }));

  it('names each wrong part of a postal address by its path, and changes nothing', async () => {
    const requestId = await request();
    const refused = await call(() => buildDecide(h.deps), {
      body: { decision: 'approve', postalAddress: { name: 'Anna Rossi', lines: [''], postalCode: '1049', city: '', country: 'Belgique' } },
      cookies: pmo,
      pathParameters: { requestId },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body.error.fields).toEqual({
      'postalAddress.lines.0': { code: 'required', message: expect.any(String) },
      'postalAddress.city': { code: 'required', message: expect.any(String) },
    });
    const noLine = await call(() => buildDecide(h.deps), {
      body: { decision: 'approve', postalAddress: { ...ADDRESS, lines: [] } },
      cookies: pmo,
      pathParameters: { requestId },
    });
    expect(Object.keys(noLine.body.error.fields)).toEqual(['postalAddress.lines']);
    expect((await h.deps.rcam.find(requestId))!.status).toBe('pending_review');
  });

  it('writes the audit record before resuming the workflow, with who and what', async () => {
    const requestId = await request();
    let auditedBeforeResume = false;
    const callbacks = h.deps.callbacks as RecordingCallbacks;
    const succeed = callbacks.succeed.bind(callbacks);
    callbacks.succeed = async (token, output) => {
      auditedBeforeResume = (await audit(requestId)).length === 1;
      return succeed(token, output);
    };
    expect((await approve(requestId)).statusCode).toBe(200);
    expect(auditedBeforeResume).toBe(true);
    expect(await audit(requestId)).toEqual([{ actor: 'nmartipa', action: 'review_approve' }]);
    expect(callbacks.resumed.at(-1)).toEqual({ taskToken: 'review-token', output: { decision: 'approve', reason: '', postalAddress: ADDRESS } });
  });

  it('answers a late resume (the task timed out) with 409, never 500', async () => {
    const requestId = await request();
    h.deps.callbacks = { succeed: async () => 'gone' };
    expect(await approve(requestId)).toMatchObject({ statusCode: 409, body: { error: { code: 'conflict' } } });
  });

  it('needs the address to approve, a reason to reject', async () => {
    const requestId = await request();
    const noAddress = await call(() => buildDecide(h.deps), { body: { decision: 'approve' }, cookies: pmo, pathParameters: { requestId } });
    expect(noAddress.statusCode).toBe(400);
    const noReason = await call(() => buildDecide(h.deps), { body: { decision: 'reject' }, cookies: pmo, pathParameters: { requestId } });
    expect(noReason.statusCode).toBe(400);
    expect(await audit(requestId)).toEqual([]);
  });

  it('keeps the PMO console to PMO staff with an SMS session', async () => {
    const clerk = (await h.deps.accounts.findByLogin('clerk@example.org'))!;
    const passwordOnly = sessionCookieFor(await openSession(h.deps, clerk.accountId, 'password'));
    for (const cookies of [person, passwordOnly]) {
      expect(await call(() => buildListReviews(h.deps), { method: 'GET', cookies })).toMatchObject({ statusCode: 403, body: { error: { code: 'forbidden' } } });
    }
    expect((await call(() => buildListReviews(h.deps), { method: 'GET', cookies: [] })).statusCode).toBe(401);
  });

  it('prints the letter as a PDF until it is sent, then records its dispatch and delivery', async () => {
    const requestId = await request();
    await approve(requestId);
    const { letterId } = (await runRcamStep(h.deps, { step: 'prepareLetter', requestId, postalAddress: ADDRESS })) as { letterId: string };
    // Written, but the workflow does not wait for its dispatch yet: "sent" would be refused, so it is not listed.
    expect((await call(() => buildListLetters(h.deps), { method: 'GET', cookies: pmo, query: { status: 'queued' } })).body.items).toEqual([]);
    await runRcamStep(h.deps, { step: 'awaitDispatch', requestId, letterId, taskToken: 'dispatch-token' });
    const listed = await call(() => buildListLetters(h.deps), { method: 'GET', cookies: pmo, query: { status: 'queued' } });
    expect(listed.body.items).toEqual([
      { letterId, requestId, recipient: 'Anna Rossi', staffNumber: '123456', createdAt: h.clock.now().toISOString(), status: 'queued', ownRequest: false },
    ]);
    // A list's letters carry what a clerk sees, never the PDF (the code in clear) or the task token.
    expect(Object.keys((await h.deps.rcam.letters('queued'))[0]).sort()).toEqual([
      'accountId',
      'awaitsDispatch',
      'createdAt',
      'letterId',
      'recipient',
      'requestId',
      'staffNumber',
      'status',
      'trackingNumber',
    ]);
    const pdf = await invoke(() => buildLetterPdf(h.deps), Object.assign(httpEvent({ method: 'GET', cookies: pmo }), { pathParameters: { letterId } }));
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const sent = await call(() => buildLetterSent(h.deps), { body: { trackingNumber: 'RR123456789BE' }, cookies: pmo, pathParameters: { letterId } });
    expect(sent.statusCode).toBe(200);
    // In the post: the code in clear is no longer kept, nor printed again.
    expect((await h.items()).find((item) => item.pk === `LETTER#${letterId}`)).not.toHaveProperty('pdf');
    const reprint = await invoke(() => buildLetterPdf(h.deps), Object.assign(httpEvent({ method: 'GET', cookies: pmo }), { pathParameters: { letterId } }));
    expect(reprint).toMatchObject({ statusCode: 410, body: { error: { code: 'letter_gone' } } });
    expect((await call(() => buildLetterSent(h.deps), { body: { trackingNumber: 'RR1' }, cookies: pmo, pathParameters: { letterId } })).statusCode).toBe(409);
    await runRcamStep(h.deps, { step: 'awaitDelivery', requestId, taskToken: 'delivery-token' });
    const future = new Date(h.clock.now().getTime() + 60_000).toISOString();
    expect((await call(() => buildLetterDelivered(h.deps), { body: { deliveredAt: future }, cookies: pmo, pathParameters: { letterId } })).statusCode).toBe(
      400,
    );
    // A clerk types the day printed on the acknowledgement: not before the letter existed, not tomorrow; today counts as now.
    const brusselsDay = (instant: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Brussels' }).format(instant);
    for (const day of [
      brusselsDay(new Date(h.clock.now().getTime() - 86_400_000)),
      brusselsDay(new Date(h.clock.now().getTime() + 86_400_000)),
      '2026-02-30',
    ]) {
      expect((await call(() => buildLetterDelivered(h.deps), { body: { deliveredAt: day }, cookies: pmo, pathParameters: { letterId } })).statusCode).toBe(400);
    }
    const delivered = await call(() => buildLetterDelivered(h.deps), {
      body: { deliveredAt: brusselsDay(h.clock.now()) },
      cookies: pmo,
      pathParameters: { letterId },
    });
    expect(delivered.statusCode).toBe(200);
    // Every attempt is audited, the refused second "sent" too (the test clock stands still: compare as a set).
    expect((await audit(requestId)).map((record) => `${record.actor} ${record.action}`).sort()).toEqual([
      'nmartipa letter_delivered',
      'nmartipa letter_pdf_downloaded',
      'nmartipa letter_sent',
      'nmartipa letter_sent',
      'nmartipa review_approve',
    ]);
    const letterItem = (await h.items()).find((item) => item.pk === `LETTER#${letterId}`)!;
    expect(letterItem).not.toHaveProperty('pdf');
    expect(letterItem).toMatchObject({ status: 'delivered', trackingNumber: 'RR123456789BE' });
    // The code never rests in the table in clear: only its hash.
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(h.outbox.list().find((m) => m.channel === 'letter')!.text)![1];
    expect(JSON.stringify(await h.items())).not.toContain(code.replace(/-/g, ''));
  });

  it('records each decision, refusal and PDF download as a security event naming the clerk, never an email or the code', async () => {
    const clerk = (await h.deps.accounts.findByLogin('clerk@example.org'))!;
    const own = await call(() => buildRequestCode(h.deps), { body: FORM, cookies: pmo });
    await runRcamStep(h.deps, { step: 'awaitReview', requestId: own.body.requestId, taskToken: 'own-token' });
    expect(await approve(own.body.requestId)).toMatchObject({ statusCode: 403, body: { error: { code: 'own_request' } } });
    const requestId = await request();
    expect((await approve(requestId)).statusCode).toBe(200);
    expect(h.securityEvents.of('pmo_decision')).toEqual([
      { type: 'pmo_decision', accountId: clerk.accountId, outcome: 'own_request', details: { requestId: own.body.requestId } },
      { type: 'pmo_decision', accountId: clerk.accountId, outcome: 'approve', details: { requestId } },
    ]);
    const { letterId } = (await runRcamStep(h.deps, { step: 'prepareLetter', requestId, postalAddress: ADDRESS })) as { letterId: string };
    expect((await call(() => buildLetterPdf(h.deps), { method: 'GET', cookies: pmo, pathParameters: { letterId } })).statusCode).toBe(200);
    expect(h.securityEvents.of('letter_pdf_downloaded')).toEqual([
      { type: 'letter_pdf_downloaded', accountId: clerk.accountId, outcome: 'success', details: { letterId, requestId } },
    ]);
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(h.outbox.list().find((m) => m.channel === 'letter')!.text)![1];
    expect(JSON.stringify(h.securityEvents.recorded)).not.toMatch(new RegExp(`@example\\.org|${code}|${code.replace(/-/g, '')}`));
  });

  it('gives the audit trail oldest first, every actor by username: clerks and the requester', async () => {
    const requestId = await request();
    h.clock.advance(60);
    await approve(requestId);
    const { letterId } = (await runRcamStep(h.deps, { step: 'prepareLetter', requestId, postalAddress: ADDRESS })) as { letterId: string };
    await runRcamStep(h.deps, { step: 'awaitDispatch', requestId, letterId, taskToken: 'dispatch-token' });
    h.clock.advance(60);
    await call(() => buildLetterPdf(h.deps), { method: 'GET', cookies: pmo, pathParameters: { letterId } });
    h.clock.advance(60);
    await call(() => buildLetterSent(h.deps), { body: { trackingNumber: 'RR123456789BE' }, cookies: pmo, pathParameters: { letterId } });
    h.clock.advance(60);
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(h.outbox.list().find((m) => m.channel === 'letter')!.text)![1];
    expect((await call(() => buildRedeem(h.deps), { body: { code }, cookies: person })).statusCode).toBe(200);
    const trail = await call(() => buildRequestAudit(h.deps), { method: 'GET', cookies: pmo, pathParameters: { requestId } });
    expect(trail.statusCode).toBe(200);
    expect(trail.body.items).toEqual([
      { at: expect.any(String), actor: 'nmartipa', action: 'review_approve' },
      { at: expect.any(String), actor: 'nmartipa', action: 'letter_pdf_downloaded', details: { letterId } },
      { at: expect.any(String), actor: 'nmartipa', action: 'letter_sent', details: { letterId, trackingNumber: 'RR123456789BE' } },
      { at: expect.any(String), actor: 'nrossian', action: 'code_redeemed', details: { provedDelivery: true } },
    ]);
    const times = trail.body.items.map((item: { at: string }) => item.at);
    expect([...times].sort()).toEqual(times);
  });

  it.each(['reviewExpired', 'rejected', 'undelivered', 'codeExpired', 'rcamActive', 'complete', 'failed'] as const)(
    'deletes the PDF when the workflow runs %s, whatever state the letter is in, and keeps its summary',
    async (step) => {
      const requestId = await request();
      const { letterId } = (await runRcamStep(h.deps, { step: 'prepareLetter', requestId, postalAddress: ADDRESS })) as { letterId: string };
      expect((await h.deps.rcam.findLetter(letterId))!.pdf).toBeDefined();
      await runRcamStep(h.deps, { step, requestId });
      // A retried step finds nothing more to delete.
      await runRcamStep(h.deps, { step, requestId });
      expect(await h.deps.rcam.findLetter(letterId)).toMatchObject({ letterId, requestId, recipient: 'Anna Rossi', staffNumber: '123456', pdf: undefined });
      expect((await h.deps.rcam.auditTrail(requestId)).filter((record) => record.action === 'letter_pdf_discarded')).toEqual([
        expect.objectContaining({ actor: 'workflow', details: { letterId } }),
      ]);
    },
  );
});

describe('the PrepareLetter step', () => {
  it('makes one letter however often Step Functions retries it', async () => {
    const h = await harness();
    const anna = await signedUpPerson(h, { email: 'anna@example.org', firstName: 'Anna', lastName: 'Rossi' });
    const cookies = sessionCookieFor(await openSession(h.deps, anna.accountId, 'sms'));
    const event = httpEvent({ body: FORM, cookies });
    const { requestId } = (await invoke(() => buildRequestCode(h.deps), event)).body;
    // Two at once (a retry racing a slow first attempt), then one more after.
    const [first, racing] = await Promise.all([1, 2].map(() => runRcamStep(h.deps, { step: 'prepareLetter', requestId, postalAddress: ADDRESS })));
    const later = await runRcamStep(h.deps, { step: 'prepareLetter', requestId, postalAddress: ADDRESS });
    expect(racing).toEqual(first);
    expect(later).toEqual(first);
    // One letter: its item and its PDF's, beside it.
    expect((await h.items()).filter((item) => String(item.pk).startsWith('LETTER#')).map((item) => item.sk)).toEqual(['LETTER', 'PDF']);
    expect(h.outbox.list().filter((m) => m.channel === 'letter')).toHaveLength(1);
  });
});
