/** A small HTTP client for the local runtime: JSON, the Origin header, and a cookie jar. */
export class ApiClient {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        origin: this.baseUrl,
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = pair.split('=');
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    const text = await response.text();
    return {
      status: response.status,
      body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
      headers: response.headers,
    };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body);
  cookie = (name: string) => this.cookies.get(name);

  async outbox(to?: string): Promise<Array<{ channel: string; to: string; subject?: string; text: string; language?: string; sentAt: string }>> {
    return (await this.get(`/_local/outbox${to ? `?to=${encodeURIComponent(to)}` : ''}`)).body.messages;
  }

  async now(): Promise<Date> {
    return new Date((await this.get('/_local/clock')).body.now);
  }

  async advance(seconds: number): Promise<Date> {
    return new Date((await this.post('/_local/clock', { advanceSeconds: seconds })).body.now);
  }

  /** Registers a person through the public API, passing the CAPTCHA with the local answer endpoint. */
  async register(person: { firstName: string; lastName: string; email: string; emailLanguage: string }) {
    const { captchaId } = (await this.get('/api/v1/captcha')).body;
    const { answer } = (await this.get(`/_local/captcha/${captchaId}`)).body;
    return this.post('/api/v1/accounts', { ...person, emailConfirmation: person.email, captchaId, captchaAnswer: answer, privacyAccepted: true });
  }

  /** The newest code sent by SMS to `to`, as printed. */
  async latestSmsCode(to: string): Promise<string> {
    const sms = (await this.outbox(to)).filter((m) => m.channel === 'sms');
    return /([A-Z0-9]{3,4}(?:-[A-Z0-9]{3,4})+)/.exec(sms.at(-1)!.text)![1];
  }

  /** The token of the newest password link emailed to `to`. */
  async latestLinkToken(to: string): Promise<string | undefined> {
    const links = (await this.outbox(to)).filter((m) => m.text.includes('/set-password#token='));
    return links.length ? /token=([\w-]+)/.exec(links.at(-1)!.text)![1] : undefined;
  }
}

let phoneCounter = 0;
/** A fresh Belgian mobile number per person, so that SMS limits never cross between tests. */
export const nextMobileNumber = () => `+3247${String(1_000_000 + ++phoneCounter * 7919).slice(-7)}`;

/**
 * A pensioner as the manual leaves them, through the API on a local runtime: an account, its
 * password and a first phone, confirmed. Moves the clock 15 minutes (the activation email).
 */
export const pensioner = async (api: ApiClient, person: { email: string; firstName?: string; lastName?: string; emailLanguage?: string }) => {
  const password = 'Ceci est un exemple1';
  expect(
    (
      await api.register({
        firstName: person.firstName ?? 'Anna',
        lastName: person.lastName ?? 'Rossi',
        email: person.email,
        emailLanguage: person.emailLanguage ?? 'fr',
      })
    ).status,
  ).toBe(202);
  await api.advance(15 * 60);
  const token = (await api.latestLinkToken(person.email))!;
  expect((await api.post('/api/v1/password', { token, password, passwordConfirmation: password })).status).toBe(200);
  const phoneNumber = nextMobileNumber();
  const added = await api.post('/api/v1/me/phones', { phoneNumber });
  expect(added.status).toBe(202);
  const verified = await api.post('/api/v1/me/phones/verify', { challengeId: added.body.challengeId, code: await api.latestSmsCode(phoneNumber) });
  expect(verified.status).toBe(201);
  // The first phone brings the ten recovery codes, shown once.
  return { phoneNumber, password, recoveryCodes: verified.body.recoveryCodes as string[] };
};

/** The manual's steps 1-13: a pensioner, then a session proven by SMS (what RCAM and the account's factors ask for). */
export const personWithSmsSession = async (api: ApiClient, person: Parameters<typeof pensioner>[1]) => {
  const { phoneNumber, password } = await pensioner(api, person);
  await signInWithSms(api, person.email, password, phoneNumber);
  return { phoneNumber, password };
};

export const signInWithSms = async (api: ApiClient, login: string, password: string, phoneNumber: string) => {
  const started = await api.post('/api/v1/sessions', { login, password, method: 'sms', phoneNumber });
  expect(started.status).toBe(202);
  const done = await api.post('/api/v1/sessions/challenge', { challengeId: started.body.challengeId, code: await api.latestSmsCode(phoneNumber) });
  expect(done.status).toBe(200);
};
