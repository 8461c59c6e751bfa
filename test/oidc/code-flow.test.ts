import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as oidc from 'openid-client';
import { tableRef } from '#adapters/dynamo/client';
import { kindOf, PERSONAL_ITEM_KINDS } from '#adapters/dynamo/personal-data-store';
import { RULES } from '#domain/rules';
import type { LocalRuntime } from '../../local/main';
import { ApiClient, personWithSmsSession, signInWithSms } from '../support/api-client';
import { startBoundaryRuntime } from '../support/local-runtime';

/**
 * The OpenID provider driven as a service drives it: openid-client as the relying party against
 * the whole local runtime in this process (discovery, PKCE, code, token, ID token, userinfo,
 * logout), the person's browser played by following redirects with their cookies.
 */
describe('OpenID provider for the services', () => {
  let runtime: LocalRuntime;
  let api: ApiClient;
  let accountId: string;
  const email = `oidc-${randomUUID()}@example.org`;
  const redirectUri = () => `${runtime.url}/_local/demo-rp/callback`;
  const configs = new Map<string, oidc.Configuration>();
  const configFor = async (clientId: string) => {
    if (!configs.has(clientId)) {
      configs.set(clientId, await oidc.discovery(new URL(runtime.url), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] }));
    }
    return configs.get(clientId)!;
  };

  /** The browser: follows redirects within Passerelle with the person's cookies; stops at the service's callback or at a page. */
  const browse = async (start: URL | string, cookies: Map<string, string>) => {
    let location = new URL(start);
    for (let hop = 0; hop < 10; hop++) {
      if (location.href.startsWith(redirectUri())) return { callback: location };
      const response = await fetch(location, {
        redirect: 'manual',
        headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': 'en' },
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [name, value] = cookie.split(';')[0].split('=');
        if (value) cookies.set(name, value);
        else cookies.delete(name);
      }
      if (response.status < 300 || response.status >= 400) return { status: response.status, page: await response.text(), url: location };
      location = new URL(response.headers.get('location')!, location);
    }
    throw new Error('Too many redirects');
  };

  const browserOf = (client: ApiClient) => new Map([['__Host-session', client.cookie('__Host-session')!]]);

  const authorize = async (clientId: string, cookies: Map<string, string>, extra: Record<string, string> = {}) => {
    const config = await configFor(clientId);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri(),
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      ...extra,
    });
    return { config, verifier, state, ...(await browse(url, cookies)) };
  };

  const signInTo = async (clientId: string, cookies: Map<string, string>) => {
    const flow = await authorize(clientId, cookies);
    expect(flow.callback?.searchParams.get('error')).toBeNull();
    const tokens = await oidc.authorizationCodeGrant(flow.config, flow.callback!, { pkceCodeVerifier: flow.verifier, expectedState: flow.state });
    return { ...flow, tokens };
  };

  beforeAll(async () => {
    runtime = await startBoundaryRuntime();
    api = new ApiClient(runtime.url);
    await personWithSmsSession(api, { email, firstName: 'Luc', lastName: 'Peeters', emailLanguage: 'en' });
    accountId = (await runtime.deps.accounts.findByLogin(email))!.accountId;
  });
  afterAll(() => runtime?.stop());

  it('publishes its discovery document: code flow with PKCE S256, its endpoints, JWKS, acr values, logout', async () => {
    const config = await configFor('demo-pmo-contact');
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(runtime.url);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.authorization_endpoint).toBe(`${runtime.url}/oidc/auth`);
    expect(metadata.end_session_endpoint).toBe(`${runtime.url}/oidc/session/end`);
    expect(metadata.acr_values_supported).toContain('urn:passerelle:acr:sms');
    const response = await fetch(metadata.jwks_uri!);
    expect(response.headers.get('cache-control')).toBe(`public, max-age=${RULES.oidcJwksCacheSeconds}`);
    const jwks = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(2); // the key that signs, and the next one, published ahead of its turn
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d'); // public halves only
  });

  it('answers an unknown or expired interaction with a page, not an error of its own', async () => {
    const response = await fetch(`${runtime.url}/oidc/interaction/nope`, { headers: { 'accept-language': 'de' } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Die Anfrage des Dienstes ist fehlgeschlagen');
  });

  it('refuses an authorization request without PKCE', async () => {
    const config = await configFor('demo-pmo-contact');
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: redirectUri(), scope: 'openid', state: 'x' });
    const { callback } = await browse(url, browserOf(api));
    expect(callback?.searchParams.get('error')).toBe('invalid_request');
  });

  it('someone already signed in with SMS gets a code straight back; the ID token carries acr and amr, userinfo the claims', async () => {
    const { tokens } = await signInTo('demo-pmo-contact', browserOf(api));
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ sub: accountId, acr: 'urn:passerelle:acr:sms', amr: ['pwd', 'sms', 'mfa'], aud: 'demo-pmo-contact', iss: runtime.url });
    const userinfo = await oidc.fetchUserInfo(await configFor('demo-pmo-contact'), tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({ sub: accountId, email, email_verified: true, given_name: 'Luc', family_name: 'Peeters', locale: 'en' });
  });

  it('a code is good once', async () => {
    const flow = await authorize('demo-pmo-contact', browserOf(api));
    const checks = { pkceCodeVerifier: flow.verifier, expectedState: flow.state };
    await oidc.authorizationCodeGrant(flow.config, flow.callback!, checks);
    await expect(oidc.authorizationCodeGrant(flow.config, flow.callback!, checks)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('sends someone without a session to Passerelle sign-in, and a password-only session too', async () => {
    const anonymous = await authorize('demo-pmo-contact', new Map());
    // One bounce from this origin (so that the SameSite=Strict cookie would come), then the sign-in page.
    expect(anonymous.callback).toBeUndefined();
    expect(anonymous.status).toBe(200);
    const passwordOnly = new ApiClient(runtime.url);
    expect((await passwordOnly.post('/api/v1/sessions', { login: email, password: 'Ceci est un exemple1', method: 'password' })).status).toBe(200);
    const flow = await authorize('demo-pmo-contact', browserOf(passwordOnly));
    expect(flow.url?.pathname).toBe('/sign-in');
    expect(flow.url?.searchParams.get('next')).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
  });

  it('prompt=none: access_denied for someone signed in whose grant is not open, login_required for no one or a password alone', async () => {
    // My Intracomm: nothing on its way for this person (no letter's code yet).
    const refused = await authorize('demo-myintracomm', browserOf(api), { prompt: 'none' });
    expect(refused.callback?.searchParams.get('error')).toBe('access_denied');
    expect(refused.callback?.searchParams.get('state')).toBe(refused.state);
    // The same with the provider's own session of an earlier sign-in to another service in the browser.
    const cookies = browserOf(api);
    await signInTo('demo-pmo-contact', cookies);
    expect((await authorize('demo-myintracomm', cookies, { prompt: 'none' })).callback?.searchParams.get('error')).toBe('access_denied');
    expect((await authorize('demo-pmo-contact', cookies, { prompt: 'none' })).callback?.searchParams.get('code')).toBeTruthy();

    expect((await authorize('demo-myintracomm', new Map(), { prompt: 'none' })).callback?.searchParams.get('error')).toBe('login_required');
    const passwordOnly = new ApiClient(runtime.url);
    expect((await passwordOnly.post('/api/v1/sessions', { login: email, password: 'Ceci est un exemple1', method: 'password' })).status).toBe(200);
    for (const clientId of ['demo-myintracomm', 'demo-pmo-contact']) {
      expect((await authorize(clientId, browserOf(passwordOnly), { prompt: 'none' })).callback?.searchParams.get('error')).toBe('login_required');
    }
  });

  it("refuses RCAM before it opens, with a page in the person's language saying when, then access_denied; the next day it signs in", async () => {
    const now = runtime.clock.now();
    const opensAt = new Date(now.getTime() + 24 * 3600 * 1000);
    const requestId = randomUUID();
    await runtime.deps.rcam.create({
      requestId,
      accountId,
      staffNumber: '12345678',
      lastName: 'Peeters',
      firstName: 'Luc',
      birthDate: '01/01/1950',
      status: 'pending_review',
      submittedAt: now,
      timeline: [{ status: 'pending_review', at: now }],
    });
    await runtime.deps.rcam.transition(requestId, 'code_redeemed', now, ['pending_review'], { rcamAvailableAt: opensAt, redeemedAt: now });

    const cookies = browserOf(api);
    const refused = await authorize('demo-rcam', cookies);
    expect(refused.status).toBe(403);
    expect(refused.page).toContain('Your access to RCAM en ligne (demo) opens on');
    expect(refused.page).toContain(String(opensAt.getUTCFullYear()));
    const back = await browse(new URL(/href="([^"]+\/abort)"/.exec(refused.page!)![1], runtime.url), cookies);
    expect(back.callback?.searchParams.get('error')).toBe('access_denied');
    expect(back.callback?.searchParams.get('state')).toBe(refused.state);

    await runtime.clock.advance(24 * 3600);
    // A day later the session has ended (12 hours at most): the person signs in again, with SMS.
    await signInWithSms(api, email, 'Ceci est un exemple1', (await runtime.deps.phones.list(accountId))[0].phoneNumber);
    const { tokens } = await signInTo('demo-rcam', browserOf(api));
    expect(tokens.claims()!.sub).toBe(accountId);
  });

  it('RP-initiated logout ends the provider session and the Passerelle session', async () => {
    const person = new ApiClient(runtime.url);
    // A second SMS sign-in of the same person, in a browser of its own.
    const phone = (await runtime.deps.phones.list(accountId))[0].phoneNumber;
    await signInWithSms(person, email, 'Ceci est un exemple1', phone);
    const cookies = browserOf(person);
    const { tokens, config } = await signInTo('demo-pmo-contact', cookies);
    const logout = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${runtime.url}/_local/demo-rp` });
    const confirm = await browse(logout, cookies);
    expect(confirm.status).toBe(200);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.page!)![1];
    const done = await fetch(`${runtime.url}/oidc/session/end/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${runtime.url}/_local/demo-rp`);
    expect(done.headers.getSetCookie().some((c) => c.startsWith('__Host-session=;'))).toBe(true);
    expect((await person.get('/api/v1/me')).status).toBe(401);
  });

  it('a rotation publishes the next key before it signs: it signs only from the rotation after, once every cached JWKS has it', async () => {
    const kidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid as string;
    const jwksKids = async () => ((await (await fetch(`${runtime.url}/oidc/jwks`)).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
    // Whatever the tests before did with the clock: a key that signs, and the next one published by now.
    runtime.oidcKeys.rotate();
    const keys = await runtime.oidcKeys.current();
    const before = await signInTo('demo-pmo-contact', browserOf(api));
    const oldKid = kidOf(before.tokens.id_token!);
    expect(oldKid).toBe(keys.signingKeys[0].kid);
    // What a service caches: the key that signs, the next one (and the one that signed before, if any).
    const cached = await jwksKids();
    const nextKid = keys.nextKey!.key.kid;
    expect(cached.slice(0, 2)).toEqual([oldKid, nextKid]);

    // Rotated again 1 second before the next key has been published for the JWKS cache (and the key set's): nothing changes.
    const readyAt = new Date(keys.nextKey!.publishedAt).getTime() + (RULES.oidcJwksCacheSeconds + RULES.oidcKeySetCacheSeconds) * 1000;
    await runtime.clock.advance((readyAt - runtime.clock.now().getTime()) / 1000 - 1);
    runtime.oidcKeys.rotate();
    expect(await jwksKids()).toEqual(cached);

    await runtime.clock.advance(1);
    runtime.oidcKeys.rotate();
    const published = await jwksKids();
    expect(published).toEqual([nextKid, expect.any(String), oldKid]);
    expect(published[1]).not.toBe(oldKid);
    // A day later: the person signs in again. The new ID token is signed with a key the service's cached JWKS holds.
    await signInWithSms(api, email, 'Ceci est un exemple1', (await runtime.deps.phones.list(accountId))[0].phoneNumber);
    const after = await signInTo('demo-pmo-contact', browserOf(api));
    expect(kidOf(after.tokens.id_token!)).toBe(nextKid);
    expect(cached).toContain(kidOf(after.tokens.id_token!));
    // The key that signed until the rotation stays published: the tokens it signed still verify.
    expect(published).toContain(oldKid);
  });

  it('the local demo relying party signs in to demo-pmo-contact and shows the claims it received', async () => {
    const cookies = browserOf(api);
    const started = await fetch(`${runtime.url}/_local/demo-rp/login?client=demo-pmo-contact`, { redirect: 'manual' });
    expect(started.status).toBe(303);
    const { callback } = await browse(started.headers.get('location')!, cookies);
    const page = await (await fetch(callback!)).text();
    expect(page).toContain('demo-pmo-contact: signed in');
    expect(page).toContain('urn:passerelle:acr:sms');
    expect(page).toContain(email);
  });

  it('PMO-CONTACT opened with the first SMS sign-in, and /account shows the three grants', async () => {
    const me = await api.get('/api/v1/me');
    expect(me.body.entitlements.pmoContact.status).toBe('active');
    expect(me.body.entitlements.myIntracomm.status).toBe('none');
  });

  it('a service removed by ops (remove-client) signs no one in from then on, and its tokens open nothing', async () => {
    const clientId = `leaving-${randomUUID().slice(0, 8)}`;
    await runtime.deps.serviceClients.save({ clientId, grant: 'pmo-contact', redirectUris: [redirectUri()], postLogoutRedirectUris: [] });
    const { tokens, config } = await signInTo(clientId, browserOf(api));
    expect(await runtime.deps.serviceClients.remove(clientId)).toBe(true);
    await expect(oidc.fetchUserInfo(config, tokens.access_token, accountId)).rejects.toMatchObject({ status: 401 });
    const again = await authorize(clientId, browserOf(api));
    expect([again.callback, again.status]).toEqual([undefined, 400]);
  });

  it("the erasure of the account takes the provider's session, grants, codes and tokens with it: nothing issued before opens anything", async () => {
    const person = new ApiClient(runtime.url);
    const leaving = `oidc-erased-${randomUUID()}@example.org`;
    await personWithSmsSession(person, { email: leaving, emailLanguage: 'en' });
    const leavingId = (await runtime.deps.accounts.findByLogin(leaving))!.accountId;
    const cookies = browserOf(person);
    const { tokens, config } = await signInTo('demo-pmo-contact', cookies);
    // A second sign-in in the same browser: its code not redeemed yet.
    const pending = await authorize('demo-pmo-contact', cookies);
    expect(pending.callback?.searchParams.get('code')).toBeTruthy();
    const storage = runtime.deps.oidcStorage;
    const accessToken = await storage('AccessToken').find(tokens.access_token);
    expect(accessToken).toMatchObject({ accountId: leavingId, grantId: expect.any(String) });
    const providerSession = [...cookies].find(([name]) => name === '_session')![1];
    expect(await storage('Session').find(providerSession)).toMatchObject({ accountId: leavingId });

    expect((await person.request('DELETE', '/api/v1/me', { confirmation: leaving })).status).toBe(204);

    // Gone from the table, not only refused for want of an account.
    expect(await storage('AccessToken').find(tokens.access_token)).toBeUndefined();
    expect(await storage('Grant').find(accessToken!.grantId as string)).toBeUndefined();
    expect(await storage('Session').find(providerSession)).toBeUndefined();
    await expect(oidc.fetchUserInfo(config, tokens.access_token, leavingId)).rejects.toMatchObject({ status: 401 });
    await expect(
      oidc.authorizationCodeGrant(pending.config, pending.callback!, { pkceCodeVerifier: pending.verifier, expectedState: pending.state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    // The browser's provider cookie signs no one in: the request goes to Passerelle's sign-in.
    const again = await authorize('demo-pmo-contact', cookies);
    expect(again.callback).toBeUndefined();
    // Nothing is left that names the account, but what expires or stays by design (personal-data-store.ts).
    const table = tableRef(runtime.dynamoDb.tableName, runtime.dynamoDb.endpoint);
    const left: string[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await table.doc.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey }));
      for (const item of (page.Items ?? []) as Array<{ pk: string; sk: string }>) {
        const kind = PERSONAL_ITEM_KINDS[kindOf(item)];
        if (JSON.stringify(item).includes(leavingId) && (!kind || kind.erasure === 'deleted')) left.push(kindOf(item));
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    expect(left).toEqual([]);
  });
});
