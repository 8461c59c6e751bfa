import { buildHandler as buildAddKey } from '../../functions/factors/add-security-key';
import { buildHandler as buildRemoveKey } from '../../functions/factors/remove-security-key';
import { buildHandler as buildStartRegistration } from '../../functions/factors/start-key-registration';
import { buildHandler as buildGetMe } from '../../functions/me/get-me';
import { buildHandler as buildAddPhone } from '../../functions/phones/add-phone';
import { buildHandler as buildVerifyPhone } from '../../functions/phones/verify-phone';
import { buildHandler as buildListReviews } from '../../functions/pmo/list-reviews';
import { buildHandler as buildGetEnrollment } from '../../functions/rcam/get-enrollment';
import { buildHandler as buildCompleteChallenge } from '../../functions/sessions/complete-challenge';
import { buildHandler as buildCompleteKeySignIn } from '../../functions/sessions/complete-key-sign-in';
import { buildHandler as buildPasskeyOptions } from '../../functions/sessions/passkey-options';
import { buildHandler as buildSignIn } from '../../functions/sessions/sign-in';
import { PMO_ROLE } from '#domain/roles';
import { harness, httpEvent, invoke, latestSmsCode, ORIGIN, PASSWORD, sessionCookieFor, signedUpPerson, type Harness } from '../support/builders';
import { SoftAuthenticator } from '../support/soft-authenticator';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const NUMBER = '+32470123456';
const EMAIL = 'bernard@example.org';

describe('"Token": security keys and passkeys (WebAuthn)', () => {
  let h: Harness;
  let key: SoftAuthenticator;
  let accountId: string;

  const cookieOf = (response: { cookies: string[] }) => /__Host-session=([\w-]*)/.exec(response.cookies[0] ?? '')?.[1] ?? '';
  const post = (build: typeof buildSignIn, body?: unknown, token?: string) =>
    invoke(() => build(h.deps), httpEvent({ body, cookies: token ? sessionCookieFor(token) : undefined }));
  const me = (token: string) => invoke(() => buildGetMe(h.deps), httpEvent({ method: 'GET', cookies: sessionCookieFor(token) }));
  const smsSession = async () => {
    const { challengeId } = (await post(buildSignIn, { login: EMAIL, password: PASSWORD, method: 'sms', phoneNumber: NUMBER })).body;
    return cookieOf(await post(buildCompleteChallenge, { challengeId, code: latestSmsCode(h.outbox, NUMBER) }));
  };
  const passwordSession = async () => cookieOf(await post(buildSignIn, { login: EMAIL, password: PASSWORD, method: 'password' }));
  const register = async (token: string, name = 'Clé bleue', authenticator = key) => {
    const started = await post(buildStartRegistration, undefined, token);
    expect(started.statusCode).toBe(200);
    return post(buildAddKey, { challengeId: started.body.challengeId, name, response: authenticator.create(started.body.options) }, token);
  };
  const keySignIn = async (authenticator = key) => {
    const started = await post(buildSignIn, { login: EMAIL, password: PASSWORD, method: 'webauthn' });
    expect(started.statusCode).toBe(202);
    return post(buildCompleteKeySignIn, { challengeId: started.body.challengeId, response: authenticator.get(started.body.options) });
  };
  const remove = (token: string, keyId: string) => {
    const event = httpEvent({ method: 'DELETE', cookies: sessionCookieFor(token) });
    event.pathParameters = { keyId };
    return invoke(() => buildRemoveKey(h.deps), event);
  };

  beforeEach(async () => {
    h = await harness();
    key = new SoftAuthenticator(ORIGIN);
    const person = await signedUpPerson(h, { email: EMAIL });
    accountId = person.accountId;
    const cookies = sessionCookieFor(person.sessionToken);
    const { challengeId } = (await invoke(() => buildAddPhone(h.deps), httpEvent({ body: { phoneNumber: NUMBER }, cookies }))).body;
    await invoke(() => buildVerifyPhone(h.deps), httpEvent({ body: { challengeId, code: latestSmsCode(h.outbox, NUMBER) }, cookies }));
    h.clock.advance(HOUR);
  });

  it('registers named keys from a second-factor session only, for this site, and tells the owner', async () => {
    expect(await post(buildStartRegistration, undefined, await passwordSession())).toMatchObject({
      statusCode: 403,
      body: { error: { code: 'step_up_required' } },
    });
    const token = await smsSession();
    const started = await post(buildStartRegistration, undefined, token);
    expect(started.body.options).toMatchObject({ rp: { id: 'passerelle.test', name: 'Passerelle' }, attestation: 'none', excludeCredentials: [] });
    const added = await post(buildAddKey, { challengeId: started.body.challengeId, name: 'Clé bleue', response: key.create(started.body.options) }, token);
    expect(added).toMatchObject({ statusCode: 201, body: { keyId: expect.any(String), name: 'Clé bleue' } });
    expect((await register(token, 'Clé du bureau')).statusCode).toBe(201);
    expect((await me(token)).body.securityKeys).toEqual([
      { keyId: added.body.keyId, name: 'Clé bleue', synced: false, addedAt: h.clock.now().toISOString() },
      { keyId: expect.any(String), name: 'Clé du bureau', synced: false, addedAt: h.clock.now().toISOString() },
    ]);
    expect(h.outbox.list(EMAIL).at(-1)!.text).toContain("Token (clé de sécurité ou clé d'accès) (Clé du bureau)");
    expect(h.securityEvents.of('factor_added').filter((e) => e.outcome === 'success')).toHaveLength(2);
    // The second registration excluded the first key.
    const third = await post(buildStartRegistration, undefined, token);
    expect(third.body.options.excludeCredentials).toHaveLength(2);
  });

  it('uses a registration challenge once, for 5 minutes, and only from the public origin', async () => {
    const token = await smsSession();
    const started = await post(buildStartRegistration, undefined, token);
    const response = key.create(started.body.options);
    expect((await post(buildAddKey, { challengeId: started.body.challengeId, name: 'A', response }, token)).statusCode).toBe(201);
    expect((await post(buildAddKey, { challengeId: started.body.challengeId, name: 'A', response }, token)).statusCode).toBe(410);
    const late = await post(buildStartRegistration, undefined, token);
    h.clock.advance(5 * MINUTE);
    expect((await post(buildAddKey, { challengeId: late.body.challengeId, name: 'B', response: key.create(late.body.options) }, token)).statusCode).toBe(410);
    const phished = await post(buildStartRegistration, undefined, token);
    const forged = key.create(phished.body.options, 'https://passerelle.example.com');
    expect(await post(buildAddKey, { challengeId: phished.body.challengeId, name: 'C', response: forged }, token)).toMatchObject({
      statusCode: 400,
      body: { error: { code: 'webauthn_failed' } },
    });
    expect((await post(buildAddKey, { challengeId: 'x', name: 'D', response: { id: '!' } }, token)).statusCode).toBe(400);
  });

  it('signs in with password + key, assurance webauthn; a replayed answer or challenge opens nothing', async () => {
    await register(await smsSession());
    const started = await post(buildSignIn, { login: EMAIL, password: PASSWORD, method: 'webauthn' });
    expect(started).toMatchObject({ statusCode: 202, body: { challengeId: expect.any(String), options: { rpId: 'passerelle.test' } } });
    expect(started.body.options.allowCredentials).toHaveLength(1);
    const answer = key.get(started.body.options);
    const response = await post(buildCompleteKeySignIn, { challengeId: started.body.challengeId, response: answer });
    expect(response).toMatchObject({ statusCode: 200, body: { status: 'signed_in', assurance: 'webauthn' } });
    const profile = (await me(cookieOf(response))).body;
    expect(profile.session.assurance).toBe('webauthn');
    expect(profile.securityKeys[0].lastUsedAt).toBe(h.clock.now().toISOString());
    expect((await post(buildCompleteKeySignIn, { challengeId: started.body.challengeId, response: answer })).statusCode).toBe(410);
    // The same signed answer for a new challenge: the challenge in it is not the new one.
    const again = await post(buildSignIn, { login: EMAIL, password: PASSWORD, method: 'webauthn' });
    expect((await post(buildCompleteKeySignIn, { challengeId: again.body.challengeId, response: answer })).statusCode).toBe(401);
  });

  it('refuses a key whose signature counter did not go up (a clone), and one whose backup eligibility changed', async () => {
    await register(await smsSession());
    expect((await keySignIn()).statusCode).toBe(200);
    key.credentials[0].counter -= 1; // the clone signs with the counter already seen
    expect((await keySignIn()).statusCode).toBe(401);
    expect(h.securityEvents.of('factor_used').at(-1)).toMatchObject({ outcome: 'refused', details: { reason: 'counter_not_increased' } });
    expect((await keySignIn()).statusCode).toBe(200);
    key.backupEligible = true;
    expect((await keySignIn()).statusCode).toBe(401);
    expect(h.securityEvents.of('factor_used').at(-1)).toMatchObject({ details: { reason: 'backup_eligibility_changed' } });
    expect(h.securityEvents.of('sign_in').at(-1)).toMatchObject({ outcome: 'failure', details: { method: 'webauthn', reason: 'key_refused' } });
  });

  it('signs in without a password with a passkey and user verification; never without verification', async () => {
    const passkey = new SoftAuthenticator(ORIGIN);
    passkey.counts = false; // synced passkeys keep their counter at 0
    passkey.backupEligible = passkey.backedUp = true;
    expect((await register(await smsSession(), 'Mon téléphone', passkey)).statusCode).toBe(201);
    const started = await post(buildPasskeyOptions);
    expect(started).toMatchObject({ statusCode: 200, body: { options: { userVerification: 'required' } } });
    expect(started.body.options.allowCredentials ?? []).toEqual([]);
    const response = await post(buildCompleteKeySignIn, { challengeId: started.body.challengeId, response: passkey.get(started.body.options) });
    expect(response).toMatchObject({ statusCode: 200, body: { assurance: 'webauthn' } });
    expect((await me(cookieOf(response))).body.username).toBeDefined();
    passkey.userVerified = false;
    const unverified = await post(buildPasskeyOptions);
    expect((await post(buildCompleteKeySignIn, { challengeId: unverified.body.challengeId, response: passkey.get(unverified.body.options) })).statusCode).toBe(
      401,
    );
  });

  it('refuses "webauthn" for an account without a key exactly as a wrong password', async () => {
    const noKey = await post(buildSignIn, { login: EMAIL, password: PASSWORD, method: 'webauthn' });
    const wrong = await post(buildSignIn, { login: EMAIL, password: 'Wrong password 1', method: 'webauthn' });
    expect(noKey.statusCode).toBe(401);
    expect(noKey.body).toEqual(wrong.body);
  });

  it('removes a key with a second-factor session, tells the owner, and never removes the last factor', async () => {
    const token = await smsSession();
    const { keyId } = (await register(token)).body;
    expect((await remove(await passwordSession(), keyId)).statusCode).toBe(403);
    const keyToken = cookieOf(await keySignIn());
    expect((await remove(keyToken, keyId)).statusCode).toBe(204);
    expect(h.outbox.list(EMAIL).at(-1)!.subject).toBe("Méthode d'authentification retirée de votre compte");
    expect((await me(keyToken)).body.securityKeys).toEqual([]);
    expect((await remove(keyToken, keyId)).statusCode).toBe(404);
  });

  describe('assurance levels', () => {
    it('lets any second factor reach RCAM; the PMO console may ask for WebAuthn', async () => {
      await h.deps.accounts.grantRole(accountId, PMO_ROLE);
      const smsToken = await smsSession();
      await register(smsToken);
      const keyToken = cookieOf(await keySignIn());
      const get = (build: typeof buildGetEnrollment, token: string) =>
        invoke(() => build(h.deps), httpEvent({ method: 'GET', cookies: sessionCookieFor(token) }));
      expect((await get(buildGetEnrollment, keyToken)).statusCode).not.toBe(403);
      expect((await get(buildListReviews, smsToken)).statusCode).toBe(200);
      h.deps.pmoRequiresWebauthn = true;
      expect(await get(buildListReviews, smsToken)).toMatchObject({ statusCode: 403, body: { error: { code: 'forbidden' } } });
      expect((await get(buildListReviews, keyToken)).statusCode).toBe(200);
    });
  });
});

describe('a security key as the only factor', () => {
  it('may be the first factor of an account without any, and then cannot be removed', async () => {
    const h = await harness();
    const key = new SoftAuthenticator(ORIGIN);
    const person = await signedUpPerson(h, { email: EMAIL });
    const cookies = sessionCookieFor(person.sessionToken);
    const started = await invoke(() => buildStartRegistration(h.deps), httpEvent({ cookies }));
    const body = { challengeId: started.body.challengeId, name: 'Seule clé', response: key.create(started.body.options) };
    const { keyId } = (await invoke(() => buildAddKey(h.deps), httpEvent({ body, cookies }))).body;
    const passkey = await invoke(() => buildPasskeyOptions(h.deps), httpEvent({}));
    const signedIn = await invoke(
      () => buildCompleteKeySignIn(h.deps),
      httpEvent({ body: { challengeId: passkey.body.challengeId, response: key.get(passkey.body.options) } }),
    );
    const token = /__Host-session=([\w-]*)/.exec(signedIn.cookies[0])![1];
    const event = httpEvent({ method: 'DELETE', cookies: sessionCookieFor(token) });
    event.pathParameters = { keyId };
    expect(await invoke(() => buildRemoveKey(h.deps), event)).toMatchObject({ statusCode: 409, body: { error: { code: 'last_factor' } } });
  });
});
