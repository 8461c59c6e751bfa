import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Secret, TOTP } from 'otpauth';
import { tableRef } from '#adapters/dynamo/client';
import { kindOf, PERSONAL_ITEM_KINDS } from '#adapters/dynamo/personal-data-store';
import type { LocalRuntime } from '../../local/main';
import { startBoundaryRuntime } from '../support/local-runtime';
import { STARTUP_TIMEOUT_MS } from '../support/local-server';
import { ApiClient, personWithSmsSession, signInWithSms } from '../support/api-client';
import { openApiContract } from '../support/contract';

const DAY = 24 * 3600;
const PASSWORD = 'Ceci est un exemple1';
const FORM = { staffNumber: '515151', staffNumberConfirmation: '515151', lastName: 'Quistorp', firstName: 'Odile', birthDate: '03/02/1950' };
const ADDRESS = { name: 'Odile Quistorp', lines: ['Avenue des Nerviens 9'], postalCode: '1040', city: 'Bruxelles', country: 'Belgique' };

type Item = Record<string, unknown> & { pk: string; sk: string };

/**
 * The person's own data (GDPR): the export and the erasure, on the whole local stack (HTTP API,
 * DynamoDB Local, the RCAM and lost-phone state machines on the virtual clock).
 */
describe('the person’s own data: GET /me/export and DELETE /me', () => {
  let runtime: LocalRuntime;
  let items: () => Promise<Item[]>;
  let n = 0;

  beforeAll(async () => {
    runtime = await startBoundaryRuntime();
    const table = tableRef(runtime.dynamoDb.tableName, runtime.dynamoDb.endpoint);
    items = async () => {
      const all: Item[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await table.doc.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey }));
        all.push(...((page.Items ?? []) as Item[]));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return all;
    };
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => runtime?.stop());

  const code = (response: { status: number; body: any }) => [response.status, response.body?.error?.code];

  /** A person with an SMS session, and what identifies them in the table. */
  const person = async (name: string, names = { firstName: 'Odile', lastName: 'Quistorp' }) => {
    const api = new ApiClient(runtime.url);
    const email = `${name}${++n}@example.org`;
    const { phoneNumber } = await personWithSmsSession(api, { email, ...names });
    const account = (await runtime.deps.accounts.findByLogin(email))!;
    return { api, email, phoneNumber, accountId: account.accountId, username: account.username };
  };
  const clerk = async () => {
    const api = new ApiClient(runtime.url);
    await signInWithSms(api, runtime.pmo.email, runtime.pmo.password, runtime.pmo.phone);
    return api;
  };
  /** Every item that names the person by any of these: their account id, email, username, phone, request or letter. */
  const itemsAbout = async (identifiers: string[]) =>
    (await items()).filter((item) => {
      const text = JSON.stringify(item).toLowerCase();
      return identifiers.some((id) => text.includes(id.toLowerCase()));
    });

  // One journey, then what each route does with it: the person of the journey is erased last.
  let odile: Awaited<ReturnType<typeof person>>;
  let requestId: string;
  let letterId: string;

  it('exports every kind of item the table holds about a person after a whole journey, and no secret', async () => {
    odile = await person('odile');
    const { api } = odile;
    // An authenticator app beside the phone (recovery codes came with the phone).
    const app = await api.post('/api/v1/me/authenticator-apps');
    expect(app.status).toBe(201);
    const totp = TOTP.generate({
      secret: Secret.fromBase32(app.body.secret),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      timestamp: runtime.clock.now().getTime(),
    });
    expect((await api.post(`/api/v1/me/authenticator-apps/${app.body.appId}/confirm`, { code: totp })).status).toBe(200);
    // RCAM: requested, approved by a clerk, the letter queued.
    const requested = await api.post('/api/v1/rcam/code-requests', FORM);
    expect(requested.status).toBe(202);
    requestId = requested.body.requestId;
    await runtime.clock.advance(1);
    const pmo = await clerk();
    expect((await pmo.post(`/api/v1/pmo/reviews/${requestId}/decision`, { decision: 'approve', postalAddress: ADDRESS })).status).toBe(200);
    await runtime.clock.advance(1);
    const letter = (await pmo.get('/api/v1/pmo/letters?status=queued')).body.items.find((l: { requestId: string }) => l.requestId === requestId);
    expect(letter).toBeDefined();
    letterId = letter.letterId;
    // "J'ai perdu mon téléphone", in flight (72 hours); a "lost password" link too.
    expect((await api.post('/api/v1/me/second-factor-reset')).status).toBe(202);
    expect((await new ApiClient(runtime.url).post('/api/v1/password-links', { login: odile.email })).status).toBe(202);

    const exported = await api.get('/api/v1/me/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="passerelle-${odile.username}.json"`);
    const data = exported.body;
    const exchange = { method: 'GET', path: '/api/v1/me/export', status: 200, contentType: exported.headers.get('content-type'), responseBody: data };
    expect(openApiContract().violations(exchange)).toEqual([]);
    expect(data.account).toMatchObject({ accountId: odile.accountId, email: odile.email, username: odile.username, firstName: 'Odile', emailLanguage: 'fr' });
    expect(data.phones).toEqual([expect.objectContaining({ phoneNumber: odile.phoneNumber })]);
    expect(data.authenticatorApps).toEqual([expect.objectContaining({ appId: app.body.appId, confirmedAt: expect.any(String) })]);
    expect(data.recoveryCodes).toEqual({ left: 10 });
    expect(data.sessions.filter((s: { current: boolean }) => s.current)).toEqual([expect.objectContaining({ assurance: 'sms' })]);
    expect(data.secondFactorReset).toMatchObject({ status: 'pending', resetAt: expect.any(String) });
    expect(data.rcamRequests).toEqual([
      expect.objectContaining({
        requestId,
        staffNumber: '515151',
        birthDate: '03/02/1950',
        status: 'letter_queued',
        letter: expect.objectContaining({ letterId, status: 'queued', recipient: expect.any(String) }),
        audit: [expect.objectContaining({ actor: 'pmo', action: 'review_approve' })],
      }),
    ]);
    // PMO-CONTACT opened with the first sign-in proven by SMS; the other two wait for a letter's code.
    expect(data.entitlements).toEqual({
      rcam: { status: 'none' },
      myIntracomm: { status: 'none' },
      pmoContact: { status: 'active', availableFrom: expect.any(String) },
    });

    // Every item about the person is of a kind the inventory knows, and each exported kind is in the export.
    const about = await itemsAbout([odile.accountId, odile.email, odile.username, odile.phoneNumber, requestId, letterId]);
    const kinds = new Set(about.map(kindOf));
    expect([...kinds].filter((kind) => !(kind in PERSONAL_ITEM_KINDS))).toEqual([]);
    // The scan is not vacuous: the journey made these kinds at least.
    for (const kind of [
      'ACCOUNT#/ACCOUNT',
      'EMAIL#/EMAIL',
      'ACCOUNT#/PHONE#',
      'ACCOUNT#/TOTP#',
      'ACCOUNT#/RECOVERY_CODES',
      'SESSION#/SESSION',
      'FACTOR_RESET#/FACTOR_RESET',
      'RCAM#/REQUEST',
      'LETTER#/LETTER',
      'AUDIT#/',
      'LINK#/LINK',
    ]) {
      expect([kind, kinds.has(kind)]).toEqual([kind, true]);
    }
    for (const kind of kinds) {
      const field = PERSONAL_ITEM_KINDS[kind].exported;
      if (typeof field !== 'string') continue;
      const value = data[field];
      expect([kind, field, Array.isArray(value) ? value.length > 0 : value !== undefined]).toEqual([kind, field, true]);
    }
    // No secret, digest, token or session id of any of those items leaks into it.
    const text = JSON.stringify(data);
    const secretish = /hash|token|secret|salt|digest|publickey|credentialid/i;
    const leaked = about.flatMap((item) =>
      Object.entries(item)
        .filter(([name, value]) => secretish.test(name) && typeof value === 'string' && value.length >= 8 && text.includes(value))
        .map(([name]) => `${kindOf(item)} ${name}`),
    );
    expect(leaked).toEqual([]);
    for (const item of about.filter((i) => kindOf(i) === 'SESSION#/SESSION')) expect(text).not.toContain(item.pk.slice('SESSION#'.length));
    expect(text).not.toContain(api.cookie('__Host-session'));
  });

  it('refuses to erase for a password alone (403 step_up_required), or with another email typed (400, nothing changed)', async () => {
    const passwordOnly = new ApiClient(runtime.url);
    expect((await passwordOnly.post('/api/v1/sessions', { login: odile.email, password: PASSWORD, method: 'password' })).status).toBe(200);
    const before = JSON.stringify((await items()).map(({ idleExpiresAt: _touched, ...item }) => item));

    expect(code(await passwordOnly.request('DELETE', '/api/v1/me', { confirmation: odile.email }))).toEqual([403, 'step_up_required']);
    // The export would give the phone numbers /me masks from a password alone.
    expect(code(await passwordOnly.get('/api/v1/me/export'))).toEqual([403, 'step_up_required']);

    const wrong = await odile.api.request('DELETE', '/api/v1/me', { confirmation: 'someone.else@example.org' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({
      code: 'validation_failed',
      fields: { confirmation: { code: 'confirmation_mismatch', message: "Ce n'est pas l'adresse électronique de votre compte." } },
    });
    expect(code(await odile.api.request('DELETE', '/api/v1/me', {}))).toEqual([400, 'validation_failed']);
    expect(code(await odile.api.request('DELETE', '/api/v1/me', { confirmation: 'x'.repeat(300) }))).toEqual([400, 'validation_failed']);
    expect(code(await new ApiClient(runtime.url).request('DELETE', '/api/v1/me', { confirmation: odile.email }))).toEqual([401, 'unauthenticated']);

    expect(JSON.stringify((await items()).map(({ idleExpiresAt: _touched, ...item }) => item))).toBe(before);
    expect((await odile.api.get('/api/v1/me')).status).toBe(200);
  });

  it("lets no one export or erase someone else's account: each session reaches its own, whatever it sends", async () => {
    const other = await person('other', { firstName: 'Ugo', lastName: 'Vermeulen' });
    const requested = await other.api.post('/api/v1/rcam/code-requests', { ...FORM, staffNumber: '626262', staffNumberConfirmation: '626262' });
    expect(requested.status).toBe(202);
    await runtime.clock.advance(1);

    const theirs = await other.api.get(`/api/v1/me/export?accountId=${odile.accountId}`);
    expect(theirs.body.account.accountId).toBe(other.accountId);
    for (const mine of [odile.accountId, odile.email, odile.phoneNumber, requestId, letterId]) expect(JSON.stringify(theirs.body)).not.toContain(mine);
    // Odile's email as confirmation, from the other person's session: not their email, so refused.
    expect(code(await other.api.request('DELETE', `/api/v1/me?accountId=${odile.accountId}`, { confirmation: odile.email }))).toEqual([
      400,
      'validation_failed',
    ]);
    expect((await odile.api.get('/api/v1/me')).status).toBe(200);

    // The other person erases their own account: their pending review leaves the PMO's list, Odile's letter stays.
    expect((await other.api.request('DELETE', '/api/v1/me', { confirmation: other.email.toUpperCase() })).status).toBe(204);
    const pmo = await clerk();
    const reviews = (await pmo.get('/api/v1/pmo/reviews?status=pending')).body.items;
    expect(reviews.find((r: { requestId: string }) => r.requestId === requested.body.requestId)).toBeUndefined();
    expect((await pmo.get('/api/v1/pmo/letters?status=queued')).body.items.map((l: { letterId: string }) => l.letterId)).toContain(letterId);
    expect(runtime.stepFunctions.listExecutions().find((e) => e.name === `rcam-${requested.body.requestId}`)?.status).toBe('ABORTED');
    expect((await odile.api.get('/api/v1/me')).status).toBe(200);
  });

  it('erases the account with a letter and a lost-phone reset in flight: workflows stopped, nothing sent later, audit pseudonymised, email free', async () => {
    const identifiers = [odile.accountId, odile.email, odile.username, odile.phoneNumber, requestId, letterId];
    const other = new ApiClient(runtime.url);
    await signInWithSms(other, odile.email, PASSWORD, odile.phoneNumber); // a second session, elsewhere

    const erased = await odile.api.request('DELETE', '/api/v1/me', { confirmation: ` ${odile.email} ` });
    expect(erased.status).toBe(204);
    expect(erased.headers.getSetCookie().join()).toContain('__Host-session=;');
    expect(code(await odile.api.get('/api/v1/me'))).toEqual([401, 'unauthenticated']);
    expect(code(await other.get('/api/v1/me'))).toEqual([401, 'unauthenticated']);
    const mail = (await odile.api.outbox(odile.email)).at(-1)!;
    expect(mail.subject).toBe('Votre compte Passerelle a été supprimé');

    // The workflows stopped where they waited; the letter is off the PMO's list.
    const executions = runtime.stepFunctions.listExecutions();
    expect(executions.find((e) => e.name === `rcam-${requestId}`)?.status).toBe('ABORTED');
    expect(executions.find((e) => e.name.startsWith('factor-reset-') && e.input.includes(odile.accountId))?.status).toBe('ABORTED');
    const pmo = await clerk();
    expect((await pmo.get('/api/v1/pmo/letters?status=queued')).body.items.map((l: { letterId: string }) => l.letterId)).not.toContain(letterId);
    expect(code(await pmo.get(`/api/v1/pmo/letters/${letterId}/pdf`))).toEqual([404, 'not_found']);
    // Stopped on purpose: nothing for the PMO's "to handle" list (AWS reports the stop as ABORTED too).
    await runtime.clock.advance(60);
    expect((await pmo.get('/api/v1/pmo/cases?status=open')).body.items).toEqual([]);

    // What is left: only kinds kept by design, and nothing in them names the person.
    const left = await itemsAbout(identifiers);
    expect([...new Set(left.map(kindOf))].filter((kind) => PERSONAL_ITEM_KINDS[kind]?.erasure === 'deleted')).toEqual([]);
    const audit = left.filter((item) => kindOf(item) === 'AUDIT#/');
    expect(audit.map((item) => item.action)).toEqual(expect.arrayContaining(['review_approve', 'account_erased']));
    const auditText = JSON.stringify(audit);
    for (const personal of [odile.accountId, odile.email, odile.username, odile.phoneNumber, 'Odile', 'Quistorp']) expect(auditText).not.toContain(personal);
    expect(audit.find((item) => item.action === 'account_erased')?.actor).toMatch(/^erased-/);

    // Months go by: no step of the stopped workflows runs, nothing more is sent to the old address.
    const sent = runtime.outbox.list().length;
    await runtime.clock.advance(4 * DAY);
    await runtime.clock.advance(31 * DAY);
    expect(runtime.outbox.list().length).toBe(sent);
    expect((await itemsAbout(identifiers)).map(kindOf).filter((kind) => PERSONAL_ITEM_KINDS[kind]?.erasure === 'deleted')).toEqual([]);
    expect(code(await other.post('/api/v1/sessions', { login: odile.email, password: PASSWORD, method: 'password' }))).toEqual([401, 'invalid_credentials']);

    // The email (and username) are free: a new account, with the activation link, not "an account exists already".
    const again = new ApiClient(runtime.url);
    const links = async () => (await again.outbox(odile.email)).filter((m) => m.text.includes('/set-password#token=')).length;
    const linksBefore = await links();
    expect((await again.register({ firstName: 'Odile', lastName: 'Quistorp', email: odile.email, emailLanguage: 'fr' })).status).toBe(202);
    await again.advance(15 * 60);
    expect(await links()).toBe(linksBefore + 1);
    const reborn = (await runtime.deps.accounts.findByLogin(odile.email))!;
    expect(reborn.accountId).not.toBe(odile.accountId);
    expect(reborn.username).toBe(odile.username);
  });
});
