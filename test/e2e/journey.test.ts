import { ApiClient, signInWithSms } from '../support/api-client';
import { committedOpenApi, ContractClient } from '../support/contract';
import { startLocalServer, STARTUP_TIMEOUT_MS, type LocalServer } from '../support/local-server';

/**
 * The journey of the manual's steps 1-16, through `npm start` exactly as a newcomer runs it. It is
 * also the API's contract test: every request and answer of the walk must conform to openapi.json
 * (ContractClient), so an undocumented route, status or field fails the step that met it.
 */
describe('npm start: the manual, steps 1 to 13, through the HTTP API', () => {
  let server: LocalServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startLocalServer({}, { npmStart: true });
    api = new ContractClient(server.url);
  }, 40_000);

  afterAll(() => server?.stop());

  it(
    'walks the journey with the outbox and the clock',
    async () => {
      expect(server.output()).toContain(`Passerelle is running at ${api.baseUrl}`);
      const email = 'z.ericfre@example.org';
      expect((await api.register({ firstName: 'Éric', lastName: 'Frère', email, emailLanguage: 'fr' })).status).toBe(202);

      expect(await api.outbox(email)).toEqual([]);
      await api.advance(15 * 60);
      const [message] = await api.outbox(email);
      expect(message).toMatchObject({ channel: 'email', to: email, language: 'fr', subject: 'Créez votre mot de passe Passerelle' });
      expect(message.text).toContain(`${api.baseUrl}/set-password#token=`);

      const token = (await api.latestLinkToken(email))!;
      const lookup = await api.post('/api/v1/password-links/lookup', { token });
      expect(lookup).toMatchObject({ status: 200, body: { username: 'nfrereer' } });

      const weak = await api.post('/api/v1/password', { token, password: 'nfrereer1', passwordConfirmation: 'nfrereer1' });
      expect(weak.status).toBe(422);

      const set = await api.post('/api/v1/password', { token, password: 'Ceci est un exemple1', passwordConfirmation: 'Ceci est un exemple1' });
      expect(set).toMatchObject({ status: 200, body: { status: 'password_set' } });
      expect(api.cookie('__Host-session')).toMatch(/^[\w-]{43}$/);

      // Steps 8-9: register a mobile phone, confirmed by an SMS challenge, then sign out.
      const phoneNumber = '+32 470 12 34 56';
      const added = await api.post('/api/v1/me/phones', { phoneNumber });
      expect(added.status).toBe(202);
      const phoneCode = await api.latestSmsCode('+32470123456');
      expect(phoneCode).toMatch(/^\w{4}-\w{4}$/);
      expect(await api.post('/api/v1/me/phones/verify', { challengeId: added.body.challengeId, code: phoneCode })).toMatchObject({
        status: 201,
        body: { phoneNumber: '+32470123456' },
      });
      expect((await api.outbox(email)).at(-1)!.subject).toBe('Numéro de téléphone portable ajouté à votre compte');
      expect((await api.get('/api/v1/me')).body.phones).toHaveLength(1);
      expect((await api.request('DELETE', '/api/v1/sessions/current')).status).toBe(204);
      expect((await api.get('/api/v1/me')).status).toBe(401);

      // Steps 12-13: sign in with the password and an SMS code.
      const started = await api.post('/api/v1/sessions', { login: email, password: 'Ceci est un exemple1', method: 'sms', phoneNumber });
      expect(started.status).toBe(202);
      await api.advance(5 * 60); // the manual warns an SMS can take minutes
      const signInCode = await api.latestSmsCode('+32470123456');
      expect(signInCode).toMatch(/^\w{3}-\w{3}-\w{3}$/);
      expect(await api.post('/api/v1/sessions/challenge', { challengeId: started.body.challengeId, code: signInCode })).toMatchObject({
        status: 200,
        body: { assurance: 'sms' },
      });
      const me = await api.get('/api/v1/me');
      expect(me.body).toMatchObject({ username: 'nfrereer', session: { assurance: 'sms' } });

      const page = await fetch(`${api.baseUrl}/_local/outbox`, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('Créez votre mot de passe Passerelle');
    },
    STARTUP_TIMEOUT_MS,
  );

  it('continues to RCAM en ligne (steps 14-16): request, PMO review, registered letter, code, RCAM and My Intracomm', async () => {
    expect(server.output()).toContain('PMO reviewer: pmo@example.org');
    const requested = await api.post('/api/v1/rcam/code-requests', {
      staffNumber: '123456',
      staffNumberConfirmation: '123456',
      lastName: 'Frère',
      firstName: 'Éric',
      birthDate: '08/10/1950',
    });
    expect(requested).toMatchObject({ status: 202, body: { status: 'pending_review' } });

    // The PMO clerk, bootstrapped by npm start, signs in with password and SMS.
    const pmo = new ContractClient(api.baseUrl);
    await signInWithSms(pmo, 'pmo@example.org', 'Relecture PMO 2026', '+32470000001');
    const review = (await pmo.get('/api/v1/pmo/reviews?status=pending')).body.items.find(
      (item: { requestId: string }) => item.requestId === requested.body.requestId,
    );
    expect(review).toMatchObject({ staffNumber: '123456', username: 'nfrereer' });
    const address = { name: 'Éric Frère', lines: ['Rue de la Loi 200'], postalCode: '1049', city: 'Bruxelles', country: 'Belgique' };
    expect((await pmo.post(`/api/v1/pmo/reviews/${review.requestId}/decision`, { decision: 'approve', postalAddress: address })).status).toBe(200);
    await api.advance(60);
    const [letter] = (await pmo.get('/api/v1/pmo/letters?status=queued')).body.items;
    expect((await pmo.post(`/api/v1/pmo/letters/${letter.letterId}/sent`, { trackingNumber: 'RR123456789BE' })).status).toBe(200);
    await api.advance(3 * 24 * 3600);
    // Three days later the acknowledgement of receipt comes back; sessions are long over.
    await signInWithSms(pmo, 'pmo@example.org', 'Relecture PMO 2026', '+32470000001');
    const deliveredAt = (await api.now()).toISOString();
    expect((await pmo.post(`/api/v1/pmo/letters/${letter.letterId}/delivered`, { deliveredAt })).status).toBe(200);

    const posted = (await api.outbox()).find((m) => m.channel === 'letter')!;
    expect(posted.to).toContain('Rue de la Loi 200');
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(posted.text)![1];
    await api.advance(10 * 24 * 3600);
    await signInWithSms(api, 'z.ericfre@example.org', 'Ceci est un exemple1', '+32470123456');
    const redeemed = await api.post('/api/v1/rcam/code-redemptions', { code });
    expect(redeemed.status).toBe(200);
    expect((await api.get('/api/v1/me')).body.entitlements.rcam.status).toBe('pending');

    await api.advance(3 * 24 * 3600);
    await signInWithSms(api, 'z.ericfre@example.org', 'Ceci est un exemple1', '+32470123456');
    const me = (await api.get('/api/v1/me')).body;
    expect(me.entitlements).toMatchObject({ rcam: { status: 'active' }, myIntracomm: { status: 'active' } });
    expect((await api.get('/api/v1/rcam/enrollment')).body.status).toBe('complete');
  });

  it('serves the built web client at / and client-side routes, its assets, and its config', async () => {
    for (const path of ['/', '/set-password', '/rcam']) {
      const response = await fetch(`${api.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await response.text()).toContain('<script src="/app.js"');
    }
    for (const [path, type] of [
      ['/app.js', 'javascript'],
      ['/ecl/ecl-ec.css', 'text/css'],
      ['/ecl/icons.svg', 'image/svg+xml'],
      ['/ecl/logo/logo-ec--nl.svg', 'image/svg+xml'],
    ]) {
      const response = await fetch(`${api.baseUrl}${path}`);
      expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 200, expect.stringContaining(type)]);
    }
    expect((await fetch(`${api.baseUrl}/missing.js`)).status).toBe(404);
    // Revalidated at each use, as from S3: an unchanged file is a 304 without a body; a stale validator gets the file.
    const first = await fetch(`${api.baseUrl}/app.js`);
    const etag = first.headers.get('etag')!;
    expect([first.headers.get('cache-control'), etag]).toEqual(['no-cache', expect.stringMatching(/^W\/".+"$/)]);
    const unchanged = await fetch(`${api.baseUrl}/app.js`, { headers: { 'if-none-match': etag } });
    expect([unchanged.status, await unchanged.text(), unchanged.headers.get('etag')]).toEqual([304, '', etag]);
    const stale = await fetch(`${api.baseUrl}/app.js`, { headers: { 'if-none-match': 'W/"0-0"' } });
    expect([stale.status, (await stale.text()).length]).toEqual([200, (await first.text()).length]);
    expect(await (await fetch(`${api.baseUrl}/config.json`)).json()).toEqual({ mailFrom: 'no-reply@passerelle.localhost', local: true });
  });

  it('validates the clock endpoint', async () => {
    for (const advanceSeconds of [-1, 0, 'soon', 1e12]) {
      const response = await api.post('/_local/clock', { advanceSeconds });
      expect(response).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    }
  });

  it('answers unknown API paths and methods in the error envelope', async () => {
    // Undocumented on purpose: a plain client, not the contract's.
    const outside = new ApiClient(api.baseUrl);
    expect(await outside.get('/api/v1/nope')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await outside.request('DELETE', '/api/v1/captcha')).toMatchObject({ status: 405, body: { error: { code: 'method_not_allowed' } } });
  });

  it('serves its OpenAPI document at /api/v1/openapi.json, as committed', async () => {
    expect(await api.get('/api/v1/openapi.json')).toMatchObject({ status: 200, body: committedOpenApi() });
  });
});
