/**
 * The printed manual, walked once through the HTTP API of a local runtime, as one person and the
 * PMO clerk who handles their request: what `npm run cost` counts. Each step is the call the web
 * client makes; the local endpoints stand in for the person's mailbox, phone and letterbox and
 * for the days that pass.
 */

const DAY = 24 * 3600;
const PASSWORD = 'Ceci est un exemple1';

export interface WalkOptions {
  url: string;
  pmo: { email: string; password: string; phone: string };
  /**
   * Moves the runtime's virtual clock. In the runtime's own process, call its clock directly: a
   * request in flight (POST /_local/clock among them) would time out on the faked timers it moves.
   */
  advance(seconds: number): Promise<unknown>;
  /** Called as the walk enters each part, so that what follows can be counted apart. */
  phase?: (name: WalkPhase) => void;
}

export type WalkPhase = 'account' | 'phone and sign-in' | 'rcam request' | 'pmo review and letter' | 'rcam code';

type Reply<T> = { status: number; body: T };

/** One browser: JSON, the Origin header and a cookie jar. Any status but the expected one ends the walk. */
class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly url: string) {}

  async call<T = unknown>(method: string, path: string, body?: unknown, expected = [200]): Promise<Reply<T>> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        origin: this.url,
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [name, value] = cookie.split(';')[0].split('=');
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    const text = await response.text();
    const reply = { status: response.status, body: (response.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : text) as T };
    if (!expected.includes(reply.status)) throw new Error(`${method} ${path}: ${reply.status} ${text.slice(0, 200)}`);
    return reply;
  }

  get = <T = unknown>(path: string, expected?: number[]) => this.call<T>('GET', path, undefined, expected);
  post = <T = unknown>(path: string, body: unknown, expected?: number[]) => this.call<T>('POST', path, body, expected);
}

/** The person's mailbox, phone and letterbox, and the calendar: the local runtime's own endpoints. */
class World {
  private readonly local: Browser;

  constructor(
    url: string,
    readonly advance: (seconds: number) => Promise<unknown>,
  ) {
    this.local = new Browser(url);
  }

  captchaAnswer = async (captchaId: string): Promise<string> => (await this.local.get<{ answer: string }>(`/_local/captcha/${captchaId}`)).body.answer;

  async lastMessage(to: string, channel: string, pattern: RegExp): Promise<string> {
    const { messages } = (await this.local.get<Outbox>(`/_local/outbox?to=${encodeURIComponent(to)}`)).body;
    const match = messages.filter((m) => m.channel === channel && pattern.test(m.text)).at(-1);
    if (!match) throw new Error(`No ${channel} to ${to} matching ${pattern}`);
    return pattern.exec(match.text)![1];
  }

  async letterCode(): Promise<string> {
    const { messages } = (await this.local.get<Outbox>('/_local/outbox')).body;
    const letter = messages.filter((m) => m.channel === 'letter').at(-1);
    return /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(letter?.text ?? '')![1];
  }
}

type Outbox = { messages: Array<{ channel: string; text: string }> };
type Challenge = { challengeId: string };

const SMS_CODE = /([A-Z0-9]{3,4}(?:-[A-Z0-9]{3,4})+)/;

/** Sign-in with password and SMS code, then the account page (GET /me), as the web client does. */
const signInWithSms = async (browser: Browser, world: World, login: string, password: string, phoneNumber: string) => {
  const started = await browser.post<Challenge>('/api/v1/sessions', { login, password, method: 'sms', phoneNumber }, [202]);
  const code = await world.lastMessage(phoneNumber, 'sms', SMS_CODE);
  await browser.post('/api/v1/sessions/challenge', { challengeId: started.body.challengeId, code });
  await browser.get('/api/v1/me');
};

export interface Person {
  browser: Browser;
  world: World;
  email: string;
  phoneNumber: string;
}

/** Steps 1-7: the CAPTCHA, the account, the email 15 minutes later, the password. */
export const createAccount = async (options: WalkOptions, email = 'bernard.zanella@example.org'): Promise<Person> => {
  options.phase?.('account');
  const browser = new Browser(options.url);
  const world = new World(options.url, (seconds) => options.advance(seconds));
  const { captchaId } = (await browser.get<{ captchaId: string }>('/api/v1/captcha')).body;
  const person = { firstName: 'Bernard', lastName: 'Zanella', email, emailConfirmation: email, emailLanguage: 'fr' };
  await browser.post('/api/v1/accounts', { ...person, captchaId, captchaAnswer: await world.captchaAnswer(captchaId), privacyAccepted: true }, [202]);
  await world.advance(15 * 60);
  const token = await world.lastMessage(email, 'email', /token=([\w-]+)/);
  await browser.post('/api/v1/password-links/lookup', { token });
  await browser.get('/api/v1/password-examples');
  await browser.post('/api/v1/password', { token, password: PASSWORD, passwordConfirmation: PASSWORD });
  await browser.get('/api/v1/me');
  return { browser, world, email, phoneNumber: '' };
};

/** Steps 8-13: a mobile phone confirmed by SMS, sign-out, and sign-in with password and SMS code. */
export const registerPhoneAndSignIn = async (options: WalkOptions, person: Person, phoneNumber = '+32470123456'): Promise<Person> => {
  options.phase?.('phone and sign-in');
  const { browser, world } = person;
  const added = await browser.post<Challenge>('/api/v1/me/phones', { phoneNumber }, [202]);
  const code = await world.lastMessage(phoneNumber, 'sms', SMS_CODE);
  await browser.post('/api/v1/me/phones/verify', { challengeId: added.body.challengeId, code }, [201]);
  await browser.get('/api/v1/me');
  await browser.call('DELETE', '/api/v1/sessions/current', undefined, [204]);
  await signInWithSms(browser, world, person.email, PASSWORD, phoneNumber);
  return { ...person, phoneNumber };
};

/** Steps 14-16: the code request, the PMO's review and registered letter, the code, RCAM and My Intracomm. */
export const enrolInRcam = async (options: WalkOptions, person: Person): Promise<void> => {
  const { browser, world } = person;
  options.phase?.('rcam request');
  const form = { staffNumber: '123456', staffNumberConfirmation: '123456', lastName: 'Zanella', firstName: 'Bernard', birthDate: '08/10/1950' };
  const { requestId } = (await browser.post<{ requestId: string }>('/api/v1/rcam/code-requests', form, [202])).body;
  await browser.get('/api/v1/rcam/enrollment');

  options.phase?.('pmo review and letter');
  const pmo = new Browser(options.url);
  await signInWithSms(pmo, world, options.pmo.email, options.pmo.password, options.pmo.phone);
  await pmo.get('/api/v1/pmo/reviews?status=pending');
  const postalAddress = { name: 'Bernard Zanella', lines: ['Rue de la Loi 200'], postalCode: '1049', city: 'Bruxelles', country: 'Belgique' };
  await pmo.post(`/api/v1/pmo/reviews/${requestId}/decision`, { decision: 'approve', postalAddress });
  await world.advance(60);
  const letters = (await pmo.get<{ items: Array<{ letterId: string; requestId: string }> }>('/api/v1/pmo/letters?status=queued')).body.items;
  const { letterId } = letters.find((l) => l.requestId === requestId)!;
  await pmo.get(`/api/v1/pmo/letters/${letterId}/pdf`);
  await pmo.post(`/api/v1/pmo/letters/${letterId}/sent`, { trackingNumber: 'RR123456789BE' });
  // The acknowledgement of receipt comes back three days later; the clerk's session is long over.
  await world.advance(3 * DAY);
  await signInWithSms(pmo, world, options.pmo.email, options.pmo.password, options.pmo.phone);
  await pmo.get('/api/v1/pmo/letters?status=sent');
  const { now } = (await new Browser(options.url).get<{ now: string }>('/_local/clock')).body;
  await pmo.post(`/api/v1/pmo/letters/${letterId}/delivered`, { deliveredAt: now });

  options.phase?.('rcam code');
  const code = await world.letterCode();
  await world.advance(10 * DAY);
  await signInWithSms(browser, world, person.email, PASSWORD, person.phoneNumber);
  await browser.post('/api/v1/rcam/code-redemptions', { code });
  await browser.get('/api/v1/rcam/enrollment');
  // RCAM opens the next day, My Intracomm 48 hours later.
  await world.advance(3 * DAY);
  await signInWithSms(browser, world, person.email, PASSWORD, person.phoneNumber);
  const enrollment = (await browser.get<{ status: string }>('/api/v1/rcam/enrollment')).body;
  if (enrollment.status !== 'complete') throw new Error(`RCAM enrolment ended ${enrollment.status}, not complete`);
};

/** The whole manual, once. */
export const walkManual = async (options: WalkOptions): Promise<void> => {
  const person = await registerPhoneAndSignIn(options, await createAccount(options));
  await enrolInRcam(options, person);
};
