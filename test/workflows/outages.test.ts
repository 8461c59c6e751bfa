import { randomUUID } from 'node:crypto';
import type { LocalRuntime } from '../../local/main';
import { RULES, stepRetrySpanSeconds } from '#domain/rules';
import { startBoundaryRuntime } from '../support/local-runtime';
import { STARTUP_TIMEOUT_MS } from '../support/local-server';
import { ApiClient, nextMobileNumber } from '../support/api-client';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PASSWORD = 'Ceci est un exemple1';

/** When each retry of a failing step runs, in seconds after its first failure (state-machines/retry.ts). */
const retryTimes = (): number[] => {
  const times: number[] = [];
  let at = 0;
  for (let attempt = 0; attempt < RULES.stepRetryAttempts; attempt++) {
    at += Math.min(RULES.stepRetryFirstDelaySeconds * RULES.stepRetryBackoffRate ** attempt, RULES.stepRetryMaxDelaySeconds);
    times.push(at);
  }
  return times;
};

/**
 * Outages of SES, SNS, DynamoDB and Step Functions, made with POST /_local/faults on the virtual
 * clock, driven through the journey: nothing is lost, nothing goes twice, and a client sees 503
 * with Retry-After, never 500.
 */
describe('outages (POST /_local/faults, virtual clock)', () => {
  let runtime: LocalRuntime;
  let api: ApiClient;
  let n = 0;

  beforeAll(async () => {
    runtime = await startBoundaryRuntime();
    api = new ApiClient(runtime.url);
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => runtime?.stop());
  afterEach(async () => {
    await api.request('DELETE', '/_local/faults');
    runtime.clock.setRate(0.05);
  });

  const fault = (service: string, mode: string, minutes: number) => api.post('/_local/faults', { service, mode, minutes });
  const email = () => `outage${++n}@example.org`;
  const form = async (address: string) => {
    const { captchaId } = (await api.get('/api/v1/captcha')).body;
    const { answer } = (await api.get(`/_local/captcha/${captchaId}`)).body;
    return {
      firstName: 'Odile',
      lastName: 'Panne',
      email: address,
      emailConfirmation: address,
      emailLanguage: 'fr',
      captchaId,
      captchaAnswer: answer,
      privacyAccepted: true,
    };
  };
  const expectServiceUnavailable = (response: { status: number; body: any; headers: Headers }) => {
    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({ code: 'service_unavailable', retryAfterSeconds: RULES.serviceUnavailableRetryAfterSeconds });
    expect(response.headers.get('retry-after')).toBe(String(RULES.serviceUnavailableRetryAfterSeconds));
  };

  it('holds a step for about 7.5 hours of retries, and the schedule reaches past 2 hours', () => {
    expect(stepRetrySpanSeconds()).toBe(retryTimes().at(-1));
    expect(stepRetrySpanSeconds()).toBeGreaterThan(7 * HOUR);
  });

  it('refuses a malformed fault with 400', async () => {
    expect((await fault('s3', 'error', 5)).status).toBe(400);
    expect((await fault('ses', 'slow', 5)).status).toBe(400);
    expect((await fault('ses', 'error', 0)).status).toBe(400);
  });

  it('sends the activation mail delayed by a 2-hour SES outage once, after it, its link valid 24 hours from the send', async () => {
    const address = email();
    expect((await api.post('/api/v1/accounts', await form(address))).status).toBe(202);
    // SES fails from the moment the mail is due (15 minutes) for 2 hours.
    await api.advance(15 * MINUTE - 5);
    expect((await fault('ses', 'error', 120 + 5 / 60)).status).toBe(200);
    await api.advance(5);
    const firstTry = (await api.now()).getTime();
    // The first retry after the outage: the one at or after 2 hours.
    const due = retryTimes().find((t) => t >= 2 * HOUR)!;
    await api.advance(due - 1);
    expect(await api.outbox(address)).toEqual([]);
    await api.advance(2);
    const mails = await api.outbox(address);
    expect(mails).toHaveLength(1);
    const sentAt = new Date(mails[0].sentAt).getTime();
    expect(Math.abs(sentAt - (firstTry + due * 1000))).toBeLessThan(2000);

    const token = (await api.latestLinkToken(address))!;
    const lookup = await api.post('/api/v1/password-links/lookup', { token });
    expect(lookup.status).toBe(200);
    // The 24 hours count from the send, not from the first try.
    expect(Math.abs(new Date(lookup.body.expiresAt).getTime() - (sentAt + DAY * 1000))).toBeLessThan(1000);
    const left = (new Date(lookup.body.expiresAt).getTime() - (await api.now()).getTime()) / 1000;
    await api.advance(Math.floor(left) - 1);
    expect((await api.post('/api/v1/password-links/lookup', { token })).status).toBe(200);
    await api.advance(2);
    expect((await api.post('/api/v1/password-links/lookup', { token })).status).toBe(410);
    // Nothing went twice, and the workflow did not fail.
    expect(await api.outbox(address)).toHaveLength(1);
    expect(runtime.stepFunctions.listExecutions().filter((e) => e.status === 'FAILED')).toEqual([]);
  });

  it('answers sign-up during a DynamoDB outage with 503 and Retry-After, and the same Idempotency-Key after it makes one account', async () => {
    const address = email();
    const body = await form(address);
    const key = { 'idempotency-key': randomUUID() };
    for (const mode of ['throttle', 'error']) {
      await fault('dynamodb', mode, 5);
      expectServiceUnavailable(await api.request('POST', '/api/v1/accounts', body, key));
    }
    // Within the CAPTCHA's 10 minutes: the failed attempts did not use it up.
    await api.advance(5 * MINUTE + 1);
    const created = await api.request('POST', '/api/v1/accounts', body, key);
    expect(created.status).toBe(202);
    // The client did not hear the answer and sends the same request again: the same answer, no second registration.
    const replayed = await api.request('POST', '/api/v1/accounts', body, key);
    expect(replayed).toMatchObject({ status: 202, body: created.body });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    // The same key for another request is refused.
    expect((await api.request('POST', '/api/v1/accounts', { ...body, firstName: 'Autre' }, key)).body.error.code).toBe('idempotency_key_reused');
    await api.advance(15 * MINUTE);
    // One activation mail, and no "someone tried to register with your address" mail.
    expect(await api.outbox(address)).toHaveLength(1);
  });

  it('creates one account from a burst of five identical requests under one key', async () => {
    const address = email();
    const body = await form(address);
    const key = { 'idempotency-key': randomUUID() };
    const answers = await Promise.all(Array.from({ length: 5 }, () => api.request('POST', '/api/v1/accounts', body, key)));
    expect(answers.filter((a) => a.status === 202).length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) expect([202, 409]).toContain(answer.status);
    for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body.error.code).toBe('request_in_progress');
    await api.advance(15 * MINUTE);
    expect(await api.outbox(address)).toHaveLength(1);
  });

  it('leaves no half-written account when Step Functions is down at sign-up: 503, then the person simply registers', async () => {
    runtime.clock.setRate(1); // the SDK's own retries of Step Functions wait on the clock
    const address = email();
    await fault('sfn', 'error', 10);
    expectServiceUnavailable(await api.post('/api/v1/accounts', await form(address)));
    await fault('sfn', 'throttle', 10);
    expectServiceUnavailable(await api.post('/api/v1/accounts', await form(address)));
    await api.request('DELETE', '/_local/faults');
    runtime.clock.setRate(0.05);
    expect((await api.post('/api/v1/accounts', await form(address))).status).toBe(202);
    await api.advance(15 * MINUTE);
    const mails = await api.outbox(address);
    // The activation link, not the notice to the owner of a known address: the first attempts left nothing behind.
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain('/set-password#token=');
  });

  it('answers a phone code request during an SNS outage with 503, and sends the code once when retried with its key', async () => {
    const address = email();
    expect((await api.post('/api/v1/accounts', await form(address))).status).toBe(202);
    await api.advance(15 * MINUTE);
    const token = (await api.latestLinkToken(address))!;
    expect((await api.post('/api/v1/password', { token, password: PASSWORD, passwordConfirmation: PASSWORD })).status).toBe(200);
    const phoneNumber = nextMobileNumber();
    const key = { 'idempotency-key': randomUUID() };
    for (const mode of ['error', 'throttle']) {
      await fault('sns', mode, 5);
      expectServiceUnavailable(await api.request('POST', '/api/v1/me/phones', { phoneNumber }, key));
    }
    expect(await api.outbox(phoneNumber)).toEqual([]);
    await api.advance(5 * MINUTE + 1);
    const sent = await api.request('POST', '/api/v1/me/phones', { phoneNumber }, key);
    expect(sent.status).toBe(202);
    const again = await api.request('POST', '/api/v1/me/phones', { phoneNumber }, key);
    expect(again).toMatchObject({ status: 202, body: sent.body });
    expect(await api.outbox(phoneNumber)).toHaveLength(1);
    expect((await api.request('POST', '/api/v1/me/phones', { phoneNumber }, { 'idempotency-key': 'short' })).body.error.code).toBe('idempotency_key_invalid');
    // Another person's session with the same key and body gets no replay of this answer (keys are scoped by session).
    const other = new ApiClient(runtime.url);
    const otherAddress = email();
    expect((await other.post('/api/v1/accounts', await form(otherAddress))).status).toBe(202);
    await other.advance(15 * MINUTE);
    const otherToken = (await other.latestLinkToken(otherAddress))!;
    expect((await other.post('/api/v1/password', { token: otherToken, password: PASSWORD, passwordConfirmation: PASSWORD })).status).toBe(200);
    const theirs = await other.request('POST', '/api/v1/me/phones', { phoneNumber }, key);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.challengeId).not.toBe(sent.body.challengeId);
  });

  it('rides out a 3-hour DynamoDB outage inside a workflow step: the activation mail goes once, after it', async () => {
    const address = email();
    expect((await api.post('/api/v1/accounts', await form(address))).status).toBe(202);
    await api.advance(15 * MINUTE - 5);
    await fault('dynamodb', 'throttle', 180);
    await api.advance(3 * HOUR);
    expect(await api.outbox(address)).toEqual([]);
    await api.advance(2 * HOUR);
    expect(await api.outbox(address)).toHaveLength(1);
    expect((await api.post('/api/v1/password-links/lookup', { token: (await api.latestLinkToken(address))! })).status).toBe(200);
  });
});
