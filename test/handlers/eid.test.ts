import { randomUUID } from 'node:crypto';
import type { LocalRuntime } from '../../local/main';
import { hashSecret } from '#domain/secrets';
import { authorizeService } from '#domain/services';
import { ApiClient, personWithSmsSession, signInWithSms } from '../support/api-client';
import { startBoundaryRuntime } from '../support/local-runtime';

/**
 * Signing in with a national eID, against the whole local runtime in this process and its
 * stand-in provider at /_local/eid (a second oidc-provider): openid-client speaks to it as to a
 * real one. The person's browser at the provider is played by following its redirects.
 */
describe('national eID: link and sign-in', () => {
  let runtime: LocalRuntime;
  const people: Array<{ api: ApiClient; email: string; phoneNumber: string; password: string }> = [];

  /** The browser at the provider: picks `sub` on the stand-in's page; returns what its redirect to /eid/callback carried. */
  const atProvider = async (authorizationUrl: string, sub: string) => {
    const cookies = new Map<string, string>();
    const go = async (url: string, init: RequestInit = {}) => {
      const response = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [name, value] = cookie.split(';')[0].split('=');
        if (value) cookies.set(name, value);
        else cookies.delete(name);
      }
      return response;
    };
    let response = await go(authorizationUrl);
    for (let hop = 0; hop < 10; hop++) {
      const location = response.headers.get('location');
      if (location && location.startsWith(`${runtime.url}/eid/callback`)) return Object.fromEntries(new URL(location).searchParams);
      if (location) {
        response = await go(new URL(location, authorizationUrl).href);
        continue;
      }
      expect(response.status).toBe(200);
      const action = /action="([^"]+)"/.exec(await response.text())![1];
      response = await go(new URL(action, runtime.url).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ sub }).toString(),
      });
    }
    throw new Error('Too many redirects at the provider');
  };

  const start = async (api: ApiClient, purpose: 'link' | 'sign_in') => api.post('/api/v1/eid/authorizations', { provider: 'local-eid', purpose });
  const linkAs = async (api: ApiClient, sub: string) => {
    const started = await start(api, 'link');
    expect(started.status).toBe(200);
    return api.post('/api/v1/eid/callback', await atProvider(started.body.authorizationUrl, sub));
  };
  const eidAs = async (api: ApiClient, sub: string) => {
    const started = await start(api, 'sign_in');
    expect(started.status).toBe(200);
    return api.post('/api/v1/eid/callback', await atProvider(started.body.authorizationUrl, sub));
  };

  beforeAll(async () => {
    runtime = await startBoundaryRuntime();
    for (const name of ['camille', 'lotte']) {
      const api = new ApiClient(runtime.url);
      const email = `eid-${name}-${randomUUID()}@example.org`;
      people.push({ api, email, ...(await personWithSmsSession(api, { email })) });
    }
    // Linking asks for a recent sign-in: the first person's is 15 minutes old (the second's activation email).
    await signInWithSms(people[0].api, people[0].email, people[0].password, people[0].phoneNumber);
  });
  afterAll(() => runtime?.stop());

  it('offers the configured providers to anyone', async () => {
    expect((await new ApiClient(runtime.url).get('/api/v1/eid/providers')).body).toEqual({
      providers: [{ id: 'local-eid', name: 'eID (démo locale)' }],
    });
  });

  it('refuses to start a link without a session (401) or with a password-only one (403)', async () => {
    const stranger = new ApiClient(runtime.url);
    expect((await start(stranger, 'link')).body.error.code).toBe('unauthenticated');
    const [camille] = people;
    const passwordOnly = new ApiClient(runtime.url);
    expect((await passwordOnly.post('/api/v1/sessions', { login: camille.email, password: camille.password, method: 'password' })).status).toBe(200);
    const refused = await start(passwordOnly, 'link');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'step_up_required']);
    expect((await start(camille.api, 'link')).status).toBe(200);
    expect((await start(camille.api, 'sign_in')).body.authorizationUrl).toMatch(/code_challenge_method=S256/);
    expect((await stranger.post('/api/v1/eid/authorizations', { provider: 'nope', purpose: 'sign_in' })).status).toBe(404);
  });

  it('links an identity to the SMS-proven session that asked, once, tells the owner, and lists it', async () => {
    const [camille, lotte] = people;
    const started = await start(camille.api, 'link');
    const answer = await atProvider(started.body.authorizationUrl, 'FR/BE/2C7B1A9E4D');
    // Another person's session cannot finish Camille's link, even with the cookie of Camille's browser.
    const stolen = await lotte.api.request('POST', '/api/v1/eid/callback', answer, {
      cookie: `__Host-eid-flow=${camille.api.cookie('__Host-eid-flow')}; __Host-session=${lotte.api.cookie('__Host-session')}`,
    });
    expect([stolen.status, stolen.body.error.code]).toEqual([400, 'eid_state_invalid']);
    // That try spent the state: Camille starts again.
    expect((await camille.api.post('/api/v1/eid/callback', answer)).body.error.code).toBe('eid_state_invalid');
    const again = await start(camille.api, 'link');
    const answer2 = await atProvider(again.body.authorizationUrl, 'FR/BE/2C7B1A9E4D');
    const linked = await camille.api.post('/api/v1/eid/callback', answer2);
    expect([linked.status, linked.body.outcome]).toEqual([200, 'linked']);
    // Replayed: refused, nothing linked twice.
    expect((await camille.api.post('/api/v1/eid/callback', answer2)).body.error.code).toBe('eid_state_invalid');
    const { links } = (await camille.api.get('/api/v1/me/eid-links')).body;
    expect(links).toEqual([expect.objectContaining({ provider: 'local-eid', linkId: linked.body.linkId })]);
    expect(JSON.stringify(links)).not.toContain('FR/BE');
    expect((await camille.api.outbox(camille.email)).at(-1)!.text).toContain('eID (démo locale)');
    // The same identity cannot join a second account.
    const twice = await linkAs(lotte.api, 'FR/BE/2C7B1A9E4D');
    expect([twice.status, twice.body.error.code]).toEqual([409, 'eid_already_linked']);
    expect((await lotte.api.get('/api/v1/me/eid-links')).body.links).toEqual([]);
    // It is in the person's export.
    const exported = (await camille.api.get('/api/v1/me/export')).body;
    expect(exported.eidLinks).toEqual([expect.objectContaining({ provider: 'local-eid', subject: 'FR/BE/2C7B1A9E4D' })]);
  });

  it('signs in with a linked identity in place of the password, then the second factor: the session says eID', async () => {
    const [camille] = people;
    const browser = new ApiClient(runtime.url);
    const proven = await eidAs(browser, 'FR/BE/2C7B1A9E4D');
    expect([proven.status, proven.body.outcome]).toEqual([200, 'second_factor']);
    expect(browser.cookie('__Host-session')).toBeUndefined();
    // A wrong phone is refused as a wrong password is, and the proof is spent.
    const wrong = await browser.post('/api/v1/sessions/eid', { eidProof: proven.body.eidProof, method: 'sms', phoneNumber: '+32470000001' });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'invalid_credentials']);
    const spent = await browser.post('/api/v1/sessions/eid', { eidProof: proven.body.eidProof, method: 'sms', phoneNumber: camille.phoneNumber });
    expect([spent.status, spent.body.error.code]).toEqual([410, 'eid_proof_expired']);

    const proof = (await eidAs(browser, 'FR/BE/2C7B1A9E4D')).body.eidProof;
    const challenge = await browser.post('/api/v1/sessions/eid', { eidProof: proof, method: 'sms', phoneNumber: camille.phoneNumber });
    expect(challenge.status).toBe(202);
    const done = await browser.post('/api/v1/sessions/challenge', {
      challengeId: challenge.body.challengeId,
      code: await browser.latestSmsCode(camille.phoneNumber),
    });
    expect([done.status, done.body.assurance]).toEqual([200, 'sms']);
    const session = await runtime.deps.sessions.find(hashSecret(browser.cookie('__Host-session')!));
    expect(session).toMatchObject({ assurance: 'sms', firstFactor: 'eid' });
    // What a service's ID token says of it: the eID in place of the password.
    expect(await authorizeService(runtime.deps, browser.cookie('__Host-session'), undefined)).toMatchObject({ outcome: 'allowed', amr: ['eid', 'sms', 'mfa'] });
    expect((await browser.get('/api/v1/me')).body.email).toBe(camille.email);
    expect((await browser.get('/api/v1/me/eid-links')).body.links[0].lastUsedAt).toBeDefined();
  });

  it('never signs in with an identity no account linked: no account is made, none is looked up by email', async () => {
    const browser = new ApiClient(runtime.url);
    const refused = await eidAs(browser, 'BE/BE/85073100123');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'eid_not_linked']);
    expect(refused.body.error.message).toMatch(/mot de passe/);
    expect(browser.cookie('__Host-session')).toBeUndefined();
  });

  it("refuses another browser's answer, an answer the provider refused, and a made-up state", async () => {
    const browser = new ApiClient(runtime.url);
    // A sign-in started in one browser and handed to another (a link sent to a victim, a code caught on its way).
    const elsewhere = await start(browser, 'sign_in');
    const caught = await atProvider(elsewhere.body.authorizationUrl, 'FR/BE/2C7B1A9E4D');
    expect((await new ApiClient(runtime.url).post('/api/v1/eid/callback', caught)).body.error.code).toBe('eid_state_invalid');
    expect((await browser.post('/api/v1/eid/callback', caught)).body.error.code).toBe('eid_state_invalid');
    const started = await start(browser, 'sign_in');
    const cancelled = await atProvider(started.body.authorizationUrl, '');
    expect(cancelled.error).toBe('access_denied');
    expect((await browser.post('/api/v1/eid/callback', cancelled)).body.error.code).toBe('eid_refused');
    expect((await browser.post('/api/v1/eid/callback', { state: 'made-up', code: 'x' })).body.error.code).toBe('eid_state_invalid');
  });

  it('removes a link with a second-factor session: the identity signs in no more, the owner is told', async () => {
    const [camille] = people;
    const [link] = (await camille.api.get('/api/v1/me/eid-links')).body.links;
    expect((await camille.api.request('DELETE', `/api/v1/me/eid-links/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await camille.api.request('DELETE', `/api/v1/me/eid-links/${link.linkId}`)).status).toBe(204);
    expect((await camille.api.get('/api/v1/me/eid-links')).body.links).toEqual([]);
    expect((await camille.api.outbox(camille.email)).at(-1)!.subject).toMatch(/retirée/);
    expect((await eidAs(new ApiClient(runtime.url), 'FR/BE/2C7B1A9E4D')).body.error.code).toBe('eid_not_linked');
  });

  it('erases the links with the account: the identity is free for another account', async () => {
    const [camille, lotte] = people;
    expect((await linkAs(lotte.api, 'IT/BE/CA00000AA1')).body.outcome).toBe('linked');
    expect((await lotte.api.request('DELETE', '/api/v1/me', { confirmation: lotte.email })).status).toBe(204);
    expect((await eidAs(new ApiClient(runtime.url), 'IT/BE/CA00000AA1')).body.error.code).toBe('eid_not_linked');
    await signInWithSms(camille.api, camille.email, camille.password, camille.phoneNumber);
    expect((await linkAs(camille.api, 'IT/BE/CA00000AA1')).body.outcome).toBe('linked');
  });
});
