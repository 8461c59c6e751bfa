import type { LocalRuntime } from '../../local/main';
import { startBoundaryRuntime } from '../support/local-runtime';
import { STARTUP_TIMEOUT_MS } from '../support/local-server';
import { ApiClient, personWithSmsSession } from '../support/api-client';

/** POST /_local/outbox/{id}/bounce: what SES's bounce does in AWS, through the local front door, then the way out on the account page's API. */
describe('a bounce in the local runtime', () => {
  let runtime: LocalRuntime;

  beforeAll(async () => {
    runtime = await startBoundaryRuntime();
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => runtime?.stop());

  it('marks the account from the outbox, sends nothing more there, and lets the person move to a new address', async () => {
    const api = new ApiClient(runtime.url);
    const email = 'bounce-local@example.org';
    await personWithSmsSession(api, { email });
    const { id } = runtime.outbox.list(email).find((m) => m.text.includes('/set-password#token='))!;

    expect(await api.post('/_local/outbox/nope/bounce')).toMatchObject({ status: 404 });
    expect(await api.post(`/_local/outbox/${id}/bounce`, { type: 'spam' })).toMatchObject({ status: 400 });
    expect(await api.post(`/_local/outbox/${id}/bounce`)).toMatchObject({ status: 200, body: { to: email, type: 'bounce' } });
    expect((await api.get('/api/v1/me')).body.emailUndeliverable).toMatchObject({ reason: 'bounce' });

    const sent = (await api.outbox(email)).length;
    expect((await api.post('/api/v1/password-links', { login: email })).status).toBe(202);
    expect(await api.outbox(email)).toHaveLength(sent);

    expect((await api.request('PUT', '/api/v1/me/email', { email: 'bounce-local@example.net' })).status).toBe(202);
    const token = /confirm-email#token=([\w-]+)/.exec((await api.outbox('bounce-local@example.net')).at(-1)!.text)![1];
    expect(await api.post('/api/v1/email-changes/confirm', { token })).toMatchObject({ status: 200, body: { email: 'bounce-local@example.net' } });
    const me = (await api.get('/api/v1/me')).body;
    expect(me.email).toBe('bounce-local@example.net');
    expect(me.emailUndeliverable).toBeUndefined();
  });
});
