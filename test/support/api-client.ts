/** A small HTTP client for the local runtime: JSON, the Origin header, and a cookie jar. */
export class ApiClient {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        origin: this.baseUrl,
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
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
    return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text, headers: response.headers };
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
