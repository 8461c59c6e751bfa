import { buildHandler as buildRequestLink } from '../../functions/passwords/request-link';
import { buildHandler as buildSignIn } from '../../functions/sessions/sign-in';
import { createArgon2Hasher } from '#adapters/argon2-hasher';
import type { Dependencies } from '#shared/dependencies';
import { harness, httpEvent, invoke, PASSWORD, signedUpPerson, type Harness } from '../support/builders';

const EMAIL = 'bernard@example.org';
const UNKNOWN = 'nobody@example.org';
/** Not storage or network: reading the clock and the settings. */
const NOT_IO = new Set(['clock', 'limits', 'publicOrigin', 'decoyMailTo', 'revealCaptchaAnswer']);

/** The deps with every port wrapped in a proxy that writes "port.method" to `calls` at each call. */
const counted = (deps: Dependencies, calls: string[]): Dependencies =>
  Object.fromEntries(
    Object.entries(deps).map(([port, value]) => [
      port,
      NOT_IO.has(port) || value === null || typeof value !== 'object'
        ? value
        : new Proxy(value as object, {
            get: (target, member, receiver) => {
              const original = Reflect.get(target, member, receiver);
              if (typeof original !== 'function') return original;
              return (...args: unknown[]) => {
                calls.push(`${port}.${String(member)}`);
                return (original as (...a: unknown[]) => unknown).apply(target, args);
              };
            },
          }),
    ]),
  ) as unknown as Dependencies;

/**
 * No account enumeration by the work done: for a known and an unknown login, the same port calls,
 * in the same order, the same number of times (storage, hashing, mail, security events).
 */
describe('the same work for known and unknown logins', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await harness();
    h.deps.hasher = createArgon2Hasher({ memorySize: 1024, iterations: 1, parallelism: 1, hashLength: 32 });
    await signedUpPerson(h, { email: EMAIL });
  });

  const callsOf = async (route: typeof buildSignIn, body: Record<string, unknown>) => {
    const calls: string[] = [];
    const response = await invoke(() => route(counted(h.deps, calls)), httpEvent({ body }));
    return { calls, status: response.statusCode, body: response.body };
  };
  const signIn = (login: string, password = 'Wrong password 1') => callsOf(buildSignIn, { login, password, method: 'password' });
  const lostPassword = (login: string) => callsOf(buildRequestLink, { login });

  it('signing in with a wrong password', async () => {
    const known = await signIn(EMAIL);
    const unknown = await signIn(UNKNOWN);
    expect(known.calls).toEqual(['accounts.accountIdByLogin', 'accounts.reserveSignInAttempt', 'hasher.verify', 'securityEvents.record']);
    expect(unknown).toEqual(known);
  });

  it('signing in while the account is locked, with the right password', async () => {
    for (let i = 0; i < 10; i++) await signIn(EMAIL);
    const locked = await signIn(EMAIL, PASSWORD);
    const unknown = await signIn(UNKNOWN, PASSWORD);
    expect(locked.status).toBe(401);
    expect(unknown).toEqual(locked);
  });

  it('asking for a password link ("Mot de passe perdu?")', async () => {
    const known = await lostPassword(EMAIL);
    const unknown = await lostPassword(UNKNOWN);
    expect(known.calls).toEqual(['accounts.findByLogin', 'rateLimiter.take', 'accounts.saveLink', 'mailer.send']);
    expect(unknown).toEqual(known);
  });

  it("asking for a password link beyond the hour's 5", async () => {
    for (let i = 0; i < 5; i++) {
      await lostPassword(EMAIL);
      await lostPassword(UNKNOWN);
    }
    const known = await lostPassword(EMAIL);
    const unknown = await lostPassword(UNKNOWN);
    expect(known.calls).toEqual(['accounts.findByLogin', 'rateLimiter.take']);
    expect(unknown).toEqual(known);
  });
});
