import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { createArgon2Hasher } from '#adapters/argon2-hasher';
import { DynamoRateLimiter } from '#adapters/dynamo/rate-limiter';
import type { RateWindow } from '#domain/rate-limits-ports';
import { signIn } from '#domain/sign-in';
import { harness, PASSWORD, signedUpPerson, type Harness } from '../support/builders';

/**
 * The rate limiter and the sign-in lock against small reference models, on DynamoDB Local: random
 * sequences of concurrent bursts (Promise.all: any interleaving the store allows) and clock jumps.
 */
describe('limits against reference models (property-based)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });

  /** Scripts of commands: a burst of `size` concurrent attempts on a key, or a jump of the clock. */
  const commands = (keys: number, jumps: fc.Arbitrary<number>) =>
    fc.array(
      fc.oneof(
        {
          weight: 3,
          arbitrary: fc.record({ kind: fc.constant('burst' as const), size: fc.integer({ min: 1, max: 4 }), key: fc.integer({ min: 0, max: keys - 1 }) }),
        },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('jump' as const), seconds: jumps }) },
      ),
      { minLength: 1, maxLength: 12 },
    );

  describe('the sliding-window rate limiter', () => {
    const WINDOWS: RateWindow[] = [
      { seconds: 600, limit: 3 },
      { seconds: 3600, limit: 5 },
    ];

    /** The model: events kept per key; an event fits if every window has room. */
    const modelWait = (events: number[], now: number): number => {
      let wait = 0;
      for (const w of WINDOWS) {
        const inside = events.filter((at) => at > now - w.seconds * 1000).sort((a, b) => a - b);
        if (inside.length >= w.limit) wait = Math.max(wait, inside[inside.length - w.limit] + w.seconds * 1000 - now);
      }
      return wait;
    };

    it("allows exactly what the model allows, and says the model's wait", async () => {
      const limiter = new DynamoRateLimiter(h.table);
      await fc.assert(
        fc.asyncProperty(commands(2, fc.constantFrom(1, 59, 60, 599, 600, 601, 1800, 3599, 3600)), async (script) => {
          const prefix = randomUUID();
          const model: number[][] = [[], []];
          for (const command of script) {
            if (command.kind === 'jump') {
              h.clock.advance(command.seconds);
              continue;
            }
            const now = h.clock.now();
            const decisions = await Promise.all(Array.from({ length: command.size }, () => limiter.take(`${prefix}#${command.key}`, now, WINDOWS)));
            const events = model[command.key];
            let allowed = 0;
            for (let i = 0; i < command.size && modelWait(events, now.getTime()) === 0; i++) {
              events.push(now.getTime());
              allowed++;
            }
            expect(decisions.filter((d) => d.allowed)).toHaveLength(allowed);
            const wait = Math.ceil(modelWait(events, now.getTime()) / 1000);
            for (const refused of decisions.filter((d) => !d.allowed)) expect(refused).toEqual({ allowed: false, retryAfterSeconds: wait });
          }
        }),
        { numRuns: 30 },
      );
    });

    it('counts distinct values (new numbers of a day) as the model does', async () => {
      const limiter = new DynamoRateLimiter(h.table);
      const window = { seconds: 3600, limit: 2 };
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(fc.record({ value: fc.constantFrom('a', 'b', 'c', 'd') }), fc.record({ jump: fc.constantFrom(1, 1799, 1800, 3599, 3600) })), {
            minLength: 1,
            maxLength: 12,
          }),
          async (script) => {
            const key = randomUUID();
            const firstSeen = new Map<string, number>();
            for (const step of script) {
              if ('jump' in step) {
                h.clock.advance(step.jump);
                continue;
              }
              const now = h.clock.now().getTime();
              for (const [value, at] of firstSeen) if (at <= now - window.seconds * 1000) firstSeen.delete(value);
              const fits = firstSeen.has(step.value) || firstSeen.size < window.limit;
              const decision = await limiter.takeDistinct(key, step.value, new Date(now), window);
              expect(decision.allowed).toBe(fits);
              if (fits && !firstSeen.has(step.value)) firstSeen.set(step.value, now);
            }
          },
        ),
        { numRuns: 30 },
      );
    });

    it('never lets a fixed window take more than its limit, whatever the bursts', async () => {
      const limiter = new DynamoRateLimiter(h.table);
      const window = { seconds: 3600, limit: 4 };
      await fc.assert(
        fc.asyncProperty(commands(1, fc.constantFrom(1, 600, 1800, 3600)), async (script) => {
          const key = randomUUID();
          const taken = new Map<number, number>();
          for (const command of script) {
            if (command.kind === 'jump') {
              h.clock.advance(command.seconds);
              continue;
            }
            const now = h.clock.now();
            const hour = Math.floor(now.getTime() / 3_600_000);
            const decisions = await Promise.all(Array.from({ length: command.size }, () => limiter.takeFixed(key, now, window)));
            const expected = Math.min(command.size, window.limit - (taken.get(hour) ?? 0));
            expect(decisions.filter((d) => d.allowed)).toHaveLength(expected);
            taken.set(hour, (taken.get(hour) ?? 0) + expected);
          }
        }),
        { numRuns: 30 },
      );
    });
  });

  describe('the sign-in lock and the ceiling', () => {
    const RULES = { max: 3, lockSeconds: 60, ceiling: 7, noticeSeconds: 300 };

    /** The model: attempts in the window, when the last was reserved, consecutive failures, the last lock email. */
    interface Model {
      inWindow: number;
      last: number;
      consecutive: number;
      notice?: number;
    }
    /** One attempt at `now`: reserved or not; what a failure of it then does. */
    const reserve = (m: Model, now: number): 'reserved' | 'refused' => {
      if (m.consecutive >= RULES.ceiling) return 'refused';
      if (m.inWindow >= RULES.max) {
        if (m.last + RULES.lockSeconds * 1000 > now) return 'refused';
        m.inWindow = 0;
      }
      m.inWindow++;
      m.consecutive++;
      m.last = now;
      return 'reserved';
    };

    it('verifies, locks, emails and disables exactly as the model says', async () => {
      const checked = { verifications: 0 };
      const hasher = createArgon2Hasher({ memorySize: 64, iterations: 1, parallelism: 1, hashLength: 32 });
      h.deps.hasher = { hash: hasher.hash, verify: (hash, password) => (hash && checked.verifications++, hasher.verify(hash, password)) };
      h.deps.limits = {
        ...h.deps.limits,
        signInMaxFailures: RULES.max,
        signInLockSeconds: RULES.lockSeconds,
        signInFailureCeiling: RULES.ceiling,
        signInLockNoticeSeconds: RULES.noticeSeconds,
      };
      const step = fc.oneof(
        { weight: 4, arbitrary: fc.record({ wrong: fc.integer({ min: 1, max: 4 }) }) },
        { weight: 1, arbitrary: fc.constant({ right: true as const }) },
        { weight: 2, arbitrary: fc.record({ jump: fc.constantFrom(1, 59, 60, 61, 60, 240, 300) }) },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (script) => {
          const email = `${randomUUID()}@example.org`;
          const { accountId } = await signedUpPerson(h, { email });
          const model: Model = { inWindow: 0, last: 0, consecutive: 0 };
          const expected = { verifications: 0, locks: 0, lockEmails: 0, disabled: 0 };
          checked.verifications = 0;
          const events = (type: 'sign_in_locked' | 'sign_in_disabled') => h.securityEvents.of(type).filter((e) => e.accountId === accountId).length;
          const mails = (subject: string) => h.outbox.list(email).filter((m) => m.subject === subject).length;
          for (const command of script) {
            if ('jump' in command) {
              h.clock.advance(command.jump);
              continue;
            }
            const now = h.clock.now().getTime();
            if ('right' in command) {
              const result = await signIn(h.deps, { login: email, password: PASSWORD, method: 'password' });
              if (reserve(model, now) === 'reserved') {
                expected.verifications++;
                Object.assign(model, { inWindow: 0, consecutive: 0 });
                expect(result.outcome).toBe('signed_in');
              } else expect(result.outcome).toBe('invalid_credentials');
              continue;
            }
            const results = await Promise.all(
              Array.from({ length: command.wrong }, () => signIn(h.deps, { login: email, password: 'Wrong password 1', method: 'password' })),
            );
            expect(results.every((r) => r.outcome === 'invalid_credentials')).toBe(true);
            for (let i = 0; i < command.wrong; i++) {
              if (reserve(model, now) === 'refused') continue;
              expected.verifications++;
              if (model.consecutive >= RULES.ceiling) expected.disabled++;
              else if (model.inWindow >= RULES.max) {
                expected.locks++;
                if (model.notice === undefined || model.notice <= now - RULES.noticeSeconds * 1000) {
                  model.notice = now;
                  expected.lockEmails++;
                }
              }
            }
          }
          expect({
            verifications: checked.verifications,
            locks: events('sign_in_locked'),
            lockEmails: mails('Connexion à votre compte bloquée temporairement'),
            disabled: events('sign_in_disabled'),
          }).toEqual(expected);
          expect(mails('Connexion par mot de passe désactivée sur votre compte')).toBe(expected.disabled);
        }),
        { numRuns: 25 },
      );
    });
  });
});
