import type { Harness } from '../support/builders';

/**
 * Runs the journey with the logger at DEBUG and reads everything written to stdout and stderr:
 * no password, link token, task token, CAPTCHA answer or session id may appear.
 */
describe('logs', () => {
  let written = '';
  const capture = (stream: NodeJS.WriteStream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    });

  beforeAll(() => {
    // The logger reads its level when its module loads: load everything afresh at DEBUG.
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    jest.resetModules();
    capture(process.stdout);
    capture(process.stderr);
  });
  afterAll(() => jest.restoreAllMocks());

  it('never contain a secret, even when things go wrong', async () => {
    const { harness, httpEvent, invoke } = await import('../support/builders');
    const { sendActivationLink } = await import('#domain/password-links');
    const { buildHandler: buildCreateAccount } = await import('../../functions/accounts/create-account');
    const { buildHandler: buildGetCaptcha } = await import('../../functions/accounts/get-captcha');
    const { buildHandler: buildLookup } = await import('../../functions/passwords/lookup-link');
    const { buildHandler: buildSetPassword } = await import('../../functions/passwords/set-password');
    const { buildHandler: buildActivationTask } = await import('../../functions/workflow/send-activation-link');

    const h: Harness = await harness();
    const password = 'Ceci est un exemple1';
    const { captchaId } = (await invoke(() => buildGetCaptcha(h.deps), httpEvent({ method: 'GET' }))).body;
    const answer = h.captchaAnswers.get(captchaId)!;
    const registration = { firstName: 'Bernard', lastName: 'Zanella', email: 'b@example.org', emailConfirmation: 'b@example.org', emailLanguage: 'fr', privacyAccepted: true };
    await invoke(() => buildCreateAccount(h.deps), httpEvent({ body: { ...registration, captchaId, captchaAnswer: answer } }));
    const taskToken = 'AQCEAAAAKgAAAAMAAAAAAAAAAdGVzdC10YXNrLXRva2Vu-secret';
    await buildActivationTask(h.deps)({ accountId: h.workflows.started[0], taskToken });
    const token = /token=([\w-]+)/.exec(h.outbox.list()[0].text)![1];
    await invoke(() => buildLookup(h.deps), httpEvent({ body: { token } }));
    await invoke(() => buildSetPassword(h.deps), httpEvent({ body: { token, password: 'short', passwordConfirmation: 'short' } }));
    const set = await invoke(() => buildSetPassword(h.deps), httpEvent({ body: { token, password, passwordConfirmation: password } }));
    const sessionId = /__Host-session=([\w-]+)/.exec(set.cookies[0])![1];
    // An unexpected failure after the password was read: it is logged, the secret is not.
    const failing = { ...h.deps, accounts: { ...h.deps.accounts, findLink: async () => Promise.reject(new Error('DynamoDB is down')) } };
    await invoke(() => buildSetPassword(failing), httpEvent({ body: { token, password, passwordConfirmation: password } }));
    await sendActivationLink(h.deps, { accountId: 'no-such-account', taskToken });

    expect(written).toContain('Registration handled');
    expect(written).toContain('Password set');
    expect(written).toContain('DynamoDB is down');
    for (const secret of [password, token, taskToken, answer, sessionId]) expect(written).not.toContain(secret);
  });
});
