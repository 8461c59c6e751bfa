import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../local/ports';
import { ApiClient } from '../support/api-client';

/** Polls in real time; the server's clock is its own business. */
const waitForHealth = async (url: string, withinMs: number): Promise<number> => {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.status === 200 && (await response.json()).status === 'ok') return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`not healthy within ${withinMs} ms`);
};

/** The journey of the manual's steps 1-7, through `npm start` exactly as a newcomer runs it. */
describe('npm start: create an account, get the link 15 minutes later, set the password', () => {
  let server: ChildProcess;
  let api: ApiClient;
  let output = '';

  beforeAll(async () => {
    const port = await freePort();
    server = spawn('npm', ['start', '--silent', '--', '--in-memory'], { env: { ...process.env, PORT: String(port) }, detached: true });
    server.stdout!.on('data', (chunk) => (output += chunk));
    server.stderr!.on('data', (chunk) => (output += chunk));
    api = new ApiClient(`http://localhost:${port}`);
    await waitForHealth(api.baseUrl, 20_000);
  }, 30_000);

  afterAll(() => {
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  });

  it('walks the journey with the outbox and the clock', async () => {
    expect(output).toContain(`Passerelle is running at ${api.baseUrl}`);
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

    const page = await fetch(`${api.baseUrl}/_local/outbox`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Créez votre mot de passe Passerelle');
  });

  it('serves the web client at / and client-side routes', async () => {
    for (const path of ['/', '/set-password']) {
      const response = await fetch(`${api.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<html');
    }
  });

  it('validates the clock endpoint', async () => {
    for (const advanceSeconds of [-1, 0, 'soon', 1e12]) {
      const response = await api.post('/_local/clock', { advanceSeconds });
      expect(response).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    }
  });

  it('answers unknown API paths and methods in the error envelope', async () => {
    expect(await api.get('/api/v1/nope')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await api.request('DELETE', '/api/v1/captcha')).toMatchObject({ status: 405, body: { error: { code: 'method_not_allowed' } } });
  });
});
