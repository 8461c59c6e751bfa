import { createAccount } from '#domain/accounts';
import { hashSecret } from '#domain/secrets';
import { sendActivationLink } from '#domain/password-links';
import { buildHandler as buildExamples } from '../../functions/passwords/examples';
import { buildHandler as buildLookup } from '../../functions/passwords/lookup-link';
import { buildHandler as buildRequestLink } from '../../functions/passwords/request-link';
import { buildHandler as buildSetPassword } from '../../functions/passwords/set-password';
import { brokenPasswordRules } from '#domain/password-policy';
import { DECOY_MAIL_TO, harness, httpEvent, invoke, type Harness } from '../support/builders';
import { argon2Hasher } from '#adapters/argon2-hasher';

const GOOD = 'Ceci est un exemple1';
const DAY = 24 * 60 * 60;

describe('password links and setting the password', () => {
  let h: Harness;
  let accountId: string;

  /** The token of the newest link emailed to `to`. */
  const latestToken = (to = 'bernard.zanella@example.org') => {
    const links = h.outbox.list(to).filter((m) => m.text.includes('set-password#token='));
    return /token=([\w-]+)/.exec(links.at(-1)!.text)![1];
  };
  const lookup = (token: string) => invoke(() => buildLookup(h.deps), httpEvent({ body: { token } }));
  const setPassword = (token: string, password = GOOD, passwordConfirmation = password) =>
    invoke(() => buildSetPassword(h.deps), httpEvent({ body: { token, password, passwordConfirmation } }));
  const requestLink = (login: string) => invoke(() => buildRequestLink(h.deps), httpEvent({ body: { login } }));

  beforeEach(async () => {
    h = await harness();
    await createAccount(h.deps, { firstName: 'Bernard', lastName: 'Zanella', email: 'Bernard.Zanella@example.org', emailLanguage: 'en' });
    accountId = h.workflows.started[0];
    await sendActivationLink(h.deps, { accountId, taskToken: 'task-token-1' });
  });

  describe('the activation email', () => {
    it('carries a link to {origin}/set-password#token=..., in the chosen language, with the username', () => {
      const [email] = h.outbox.list();
      expect(email).toMatchObject({ channel: 'email', to: 'Bernard.Zanella@example.org', language: 'en', subject: 'Create your Passerelle password' });
      expect(email.text).toMatch(/https:\/\/passerelle\.test\/set-password#token=[\w-]{43}\n/);
      expect(email.text).toContain('nzanelbe');
    });

    it('stores neither the token nor anything but its hash', async () => {
      const token = latestToken();
      const stored = JSON.stringify(await h.items());
      expect(stored).not.toContain(token);
      expect(stored).toContain(hashSecret(token));
    });

    it('resumes the workflow at once when the password is already set', async () => {
      expect((await setPassword(latestToken())).body).toEqual({ status: 'password_set' });
      h.callbacks.resumed.length = 0;
      await sendActivationLink(h.deps, { accountId, taskToken: 'task-token-2' });
      expect(h.callbacks.resumed).toEqual([{ taskToken: 'task-token-2', output: { outcome: 'already_active' } }]);
      expect(h.outbox.list().filter((m) => m.text.includes('token='))).toHaveLength(1);
    });
  });

  describe('POST /api/v1/password-links/lookup', () => {
    it('tells whose link it is and until when', async () => {
      const response = await lookup(latestToken());
      expect(response).toEqual(
        expect.objectContaining({ statusCode: 200, body: { username: 'nzanelbe', expiresAt: new Date(h.clock.now().getTime() + DAY * 1000).toISOString() } }),
      );
    });

    it('answers 410 link_expired for an unknown token', async () => {
      expect(await lookup('x'.repeat(43))).toMatchObject({ statusCode: 410, body: { error: { code: 'link_expired' } } });
    });

    it('keeps the link 1 s before 24 hours and kills it 1 s after', async () => {
      const token = latestToken();
      h.clock.advance(DAY - 1);
      expect((await lookup(token)).statusCode).toBe(200);
      h.clock.advance(2);
      expect((await lookup(token)).statusCode).toBe(410);
    });
  });

  describe('POST /api/v1/password', () => {
    it('sets the password, resumes the workflow, and opens a session with a __Host- cookie', async () => {
      h.deps.hasher = argon2Hasher; // what a deployed function stores
      const response = await setPassword(latestToken());
      expect(response).toMatchObject({ statusCode: 200, body: { status: 'password_set' } });
      expect(response.cookies).toEqual([expect.stringMatching(/^__Host-session=[\w-]{43}; Secure; HttpOnly; SameSite=Strict; Path=\/$/)]);
      expect(h.callbacks.resumed).toEqual([{ taskToken: 'task-token-1', output: { outcome: 'password_set' } }]);
      const items = await h.items();
      const account = items.find((item) => item.pk === `ACCOUNT#${accountId}`)!;
      expect(account.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(account).not.toHaveProperty('activationTaskToken');
      const sessionId = /__Host-session=([\w-]+)/.exec(response.cookies[0])![1];
      expect(JSON.stringify(items)).not.toContain(sessionId);
      expect(items.find((item) => item.pk === `SESSION#${hashSecret(sessionId)}`)).toMatchObject({ accountId, assurance: 'password' });
      expect(JSON.stringify(items)).not.toContain(GOOD);
    });

    it('accepts the link 1 s before 24 hours', async () => {
      const token = latestToken();
      h.clock.advance(DAY - 1);
      expect((await setPassword(token)).statusCode).toBe(200);
    });

    it('refuses the link 1 s after 24 hours, and the account stays without a password', async () => {
      const token = latestToken();
      h.clock.advance(DAY + 1);
      expect(await setPassword(token)).toMatchObject({ statusCode: 410, body: { error: { code: 'link_expired' } } });
      expect((await h.items()).find((item) => item.pk === `ACCOUNT#${accountId}`)).not.toHaveProperty('passwordHash');
    });

    it('uses the link once', async () => {
      const token = latestToken();
      expect((await setPassword(token)).statusCode).toBe(200);
      expect((await setPassword(token, 'Un autre essai 2')).statusCode).toBe(410);
    });

    it('lets exactly one of two concurrent submissions of one link succeed', async () => {
      const token = latestToken();
      const results = await Promise.all([setPassword(token, 'Premier essai 11'), setPassword(token, 'Second essai 22')]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410]);
      expect(h.callbacks.resumed).toHaveLength(1);
    });

    it('lists every broken rule with 422 and changes nothing', async () => {
      const token = latestToken();
      const before = await h.items();
      const response = await setPassword(token, 'nzanelbe');
      expect(response.statusCode).toBe(422);
      expect(response.body.error.code).toBe('password_policy');
      expect(response.body.error.rules.map((r: { rule: string }) => r.rule)).toEqual(brokenPasswordRules('nzanelbe', 'nzanelbe'));
      expect(response.body.error.rules.map((r: { rule: string }) => r.rule)).toEqual(['min_length', 'character_groups', 'contains_username']);
      expect(await h.items()).toEqual(before);
      expect((await setPassword(token)).statusCode).toBe(200);
    });

    it('refuses a confirmation that differs with 400, and changes nothing', async () => {
      const response = await setPassword(latestToken(), GOOD, `${GOOD}!`);
      expect(response.statusCode).toBe(400);
      expect(response.body.error.fields).toEqual({ passwordConfirmation: { code: 'password_mismatch', message: expect.any(String) } });
    });

    it('answers an expired link before judging the password', async () => {
      const token = latestToken();
      h.clock.advance(DAY);
      expect((await setPassword(token, 'short')).statusCode).toBe(410);
    });
  });

  describe('POST /api/v1/password-links (lost password)', () => {
    it.each(['bernard.zanella@EXAMPLE.org', 'nzanelbe', 'NZANELBE'])('sends a new link at once to %s, and the old one dies', async (login) => {
      const first = latestToken();
      expect(await requestLink(login)).toMatchObject({ statusCode: 202 });
      const second = latestToken();
      expect(second).not.toBe(first);
      expect((await lookup(first)).statusCode).toBe(410);
      expect((await lookup(second)).statusCode).toBe(200);
    });

    it('answers an unknown login the same and sends nobody a link: its email goes to the decoy mailbox', async () => {
      const sent = h.outbox.list().filter((m) => m.to !== DECOY_MAIL_TO).length;
      const known = await requestLink('nzanelbe');
      const unknown = await requestLink('nobody@example.org');
      expect(unknown).toEqual(known);
      expect(h.outbox.list().filter((m) => m.to !== DECOY_MAIL_TO)).toHaveLength(sent + 1);
      // The decoy's link opens nothing: no link was stored for it.
      const decoy = /token=([\w-]+)/.exec(h.outbox.list(DECOY_MAIL_TO).at(-1)!.text)![1];
      expect(await h.deps.accounts.findLink(hashSecret(decoy))).toBeUndefined();
    });

    it('sends at most 5 links an hour per account, answering the 6th the same; one more 1 s after the hour', async () => {
      const links = () => h.outbox.list().filter((m) => m.text.includes('token=')).length;
      const before = links();
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await requestLink('nzanelbe'));
      expect(links()).toBe(before + 5);
      expect(answers[5]).toEqual(answers[0]);
      h.clock.advance(3600 - 1);
      await requestLink('nzanelbe');
      expect(links()).toBe(before + 5);
      h.clock.advance(2);
      await requestLink('nzanelbe');
      expect(links()).toBe(before + 6);
    });

    it('lets a password set through the new link resume the waiting activation', async () => {
      await requestLink('nzanelbe');
      expect((await setPassword(latestToken())).statusCode).toBe(200);
      expect(h.callbacks.resumed).toEqual([{ taskToken: 'task-token-1', output: { outcome: 'password_set' } }]);
    });
  });

  describe('GET /api/v1/password-examples', () => {
    it('gives five examples that meet the policy', async () => {
      const response = await invoke(() => buildExamples(), httpEvent({ method: 'GET' }));
      expect(response.body.examples).toHaveLength(5);
      for (const example of response.body.examples) expect(brokenPasswordRules(example)).toEqual([]);
    });
  });
});
