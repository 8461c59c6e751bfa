import { buildHandler as buildCreateAccount } from '../../functions/accounts/create-account';
import { buildHandler as buildGetCaptcha } from '../../functions/accounts/get-captcha';
import { hashSecret } from '#domain/secrets';
import { harness, httpEvent, invoke, type Harness } from '../support/builders';

const registration = (overrides: Record<string, unknown> = {}) => ({
  firstName: 'Bernard',
  lastName: 'Zanella',
  email: 'bernard.zanella@example.org',
  emailConfirmation: 'Bernard.Zanella@Example.org',
  emailLanguage: 'fr',
  privacyAccepted: true,
  ...overrides,
});

describe('POST /api/v1/accounts', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });

  const captcha = async () => {
    const response = await invoke(() => buildGetCaptcha(h.deps), httpEvent({ method: 'GET' }));
    expect(response.statusCode).toBe(200);
    expect(response.body.svg).toMatch(/^<svg/);
    const { captchaId } = response.body;
    return { captchaId, captchaAnswer: h.captchaAnswers.get(captchaId)! };
  };
  const create = (body: unknown, headers?: Record<string, string>) => invoke(() => buildCreateAccount(h.deps), httpEvent({ body, headers }));

  it('creates the account, derives its username and starts the activation workflow; no email yet', async () => {
    const response = await create(registration(await captcha()));
    expect(response).toMatchObject({ statusCode: 202, body: { status: 'pending' } });
    const account = (await h.items()).find((item) => String(item.pk).startsWith('ACCOUNT#'));
    expect(account).toMatchObject({ username: 'nzanelbe', email: 'bernard.zanella@example.org', emailLanguage: 'fr' });
    expect(h.workflows.started).toEqual([account!.accountId]);
    expect(h.outbox.list()).toEqual([]);
  });

  it('accepts the CAPTCHA answer in any case', async () => {
    const { captchaId, captchaAnswer } = await captcha();
    expect((await create(registration({ captchaId, captchaAnswer: ` ${captchaAnswer.toUpperCase()} ` }))).statusCode).toBe(202);
  });

  it('answers an already registered email exactly as a new one, and tells its owner instead', async () => {
    await create(registration(await captcha()));
    const again = await create(
      registration({ ...(await captcha()), email: 'BERNARD.zanella@example.org', emailConfirmation: 'bernard.ZANELLA@example.org', firstName: 'Other' }),
    );
    expect(again).toMatchObject({ statusCode: 202, body: { status: 'pending' } });
    expect(h.workflows.started).toHaveLength(1);
    const [notice] = h.outbox.list('bernard.zanella@example.org');
    expect(notice.subject).toBe("Tentative de création d'un compte avec votre adresse");
    expect(notice.text).toContain('nzanelbe');
    expect(notice.text).not.toMatch(/set-password|token=/);
    expect((await h.items()).filter((item) => String(item.pk).startsWith('ACCOUNT#'))).toHaveLength(1);
  });

  it('gives a namesake another username', async () => {
    await create(registration(await captcha()));
    await create(registration({ ...(await captcha()), email: 'other@example.org', emailConfirmation: 'other@example.org' }));
    const usernames = (await h.items()).filter((item) => String(item.pk).startsWith('USERNAME#')).map((item) => item.pk);
    expect(usernames.sort()).toEqual(['USERNAME#nzaneber', 'USERNAME#nzanelbe']);
  });

  it.each([
    [{ firstName: '' }, { firstName: 'required' }],
    [{ lastName: 'Zanella<script>' }, { lastName: 'invalid_name' }],
    [{ firstName: 'x'.repeat(101) }, { firstName: 'too_long' }],
    [
      { email: 'not-an-email', emailConfirmation: 'not-an-email' },
      { email: 'invalid_email', emailConfirmation: 'invalid_email' },
    ],
    [{ emailConfirmation: 'someone.else@example.org' }, { emailConfirmation: 'email_mismatch' }],
    [{ emailLanguage: 'es' }, { emailLanguage: 'invalid_language' }],
    [{ privacyAccepted: false }, { privacyAccepted: 'must_accept' }],
    [{ privacyAccepted: 'yes' }, { privacyAccepted: 'must_accept' }],
    [{ lastName: 'Zan\u0000ella' }, { lastName: 'invalid' }],
  ])('refuses %j with 400 validation_failed, and changes nothing', async (overrides, fields) => {
    const solved = await captcha();
    const response = await create(registration({ ...solved, ...overrides }));
    expect(response.statusCode).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(Object.fromEntries(Object.entries(response.body.error.fields).map(([k, v]) => [k, (v as { code: string }).code]))).toEqual(fields);
    for (const field of Object.values(response.body.error.fields)) expect((field as { message: string }).message).toEqual(expect.any(String));
    expect(h.workflows.started).toEqual([]);
    // The CAPTCHA was not used up by a typo: the corrected form goes through with it.
    expect((await create(registration(solved))).statusCode).toBe(202);
  });

  it('refuses a wrong CAPTCHA answer and burns the CAPTCHA', async () => {
    const { captchaId, captchaAnswer } = await captcha();
    const wrong = await create(registration({ captchaId, captchaAnswer: `${captchaAnswer}x` }));
    expect(wrong).toMatchObject({ statusCode: 400, body: { error: { code: 'captcha_invalid' } } });
    const retry = await create(registration({ captchaId, captchaAnswer }));
    expect(retry).toMatchObject({ statusCode: 400, body: { error: { code: 'captcha_invalid' } } });
    expect((await h.items()).filter((item) => String(item.pk).startsWith('ACCOUNT#'))).toEqual([]);
  });

  it('accepts a CAPTCHA 1 s before its 10 minutes and refuses it 1 s after', async () => {
    const early = await captcha();
    const late = await captcha();
    h.clock.advance(600 - 1);
    expect((await create(registration(early))).statusCode).toBe(202);
    h.clock.advance(2);
    expect((await create(registration({ ...late, email: 'late@example.org', emailConfirmation: 'late@example.org' }))).body.error.code).toBe('captcha_invalid');
  });

  it('stores only the hash of the CAPTCHA answer', async () => {
    const { captchaAnswer } = await captcha();
    const stored = JSON.stringify(await h.items());
    expect(stored).not.toContain(captchaAnswer);
    expect(stored).toContain(hashSecret(captchaAnswer.toLowerCase()));
  });

  it.each([
    ['no Origin', {}],
    ['another origin', { origin: 'https://evil.example' }],
  ])('refuses a POST with %s (403) and changes nothing', async (_label, headers) => {
    const solved = await captcha();
    const event = httpEvent({ body: registration(solved) });
    delete event.headers.origin;
    Object.assign(event.headers, headers);
    const response = await invoke(() => buildCreateAccount(h.deps), event);
    expect(response).toMatchObject({ statusCode: 403, body: { error: { code: 'forbidden_origin' } } });
    expect((await h.items()).filter((item) => String(item.pk).startsWith('ACCOUNT#'))).toEqual([]);
  });

  it.each([['not json'], ['[]'], ['"text"'], ['null']])('refuses the body %j with 400 invalid_json', async (rawBody) => {
    const response = await invoke(() => buildCreateAccount(h.deps), httpEvent({ rawBody }));
    expect(response).toMatchObject({ statusCode: 400, body: { error: { code: 'invalid_json', message: expect.any(String) } } });
  });

  it('refuses a body over 16 KiB with 413', async () => {
    const response = await create(registration({ firstName: 'a'.repeat(20_000) }));
    expect(response).toMatchObject({ statusCode: 413, body: { error: { code: 'payload_too_large' } } });
  });

  it('answers in the language of Accept-Language', async () => {
    const response = await create(registration({ ...(await captcha()), emailLanguage: 'xx' }), { 'accept-language': 'de-DE,de;q=0.9' });
    expect(response.body.error.message).toBe('Einige Felder sind ungültig. Bitte korrigieren Sie sie und versuchen Sie es erneut.');
  });

  it('undoes the account when the workflow cannot start, with a 503 and Retry-After that leaks nothing, so the person can retry', async () => {
    // As the AWS SDK raises Step Functions' throttling.
    h.workflows.failWith = Object.assign(new Error('Rate exceeded for arn:aws:states:secret'), {
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    const response = await create(registration(await captcha()));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('30');
    expect(response.body).toEqual({ error: { code: 'service_unavailable', message: expect.any(String), retryAfterSeconds: 30 } });
    expect(JSON.stringify(response.body)).not.toMatch(/arn|Throttl/);
    expect(await h.items()).toEqual([]);
    h.workflows.failWith = undefined;
    expect((await create(registration(await captcha()))).statusCode).toBe(202);
    expect(h.workflows.started).toHaveLength(1);
  });
});
