import { randomUUID } from 'node:crypto';
import type { Challenge, ChallengePurpose, ChallengeStore } from './challenges-ports';
import { addSeconds, type Clock } from './clock';
import { formatCode, hashCode, newCode } from './codes';
import { translate } from './i18n';
import type { Language } from './languages';
import { regionOf } from './phone-numbers';
import type { RateLimiter } from './rate-limits-ports';
import { RULES, type Limits } from './rules';
import { hashSecret, sameHash } from './secrets';
import type { SecurityEventLog } from './security-events';
import type { FirstFactor } from './sessions-ports';
import { SmsProviderRefusedError, type SmsSender } from './sms-ports';

export interface ChallengeDeps {
  challenges: ChallengeStore;
  rateLimiter: RateLimiter;
  sms: SmsSender;
  clock: Clock;
  limits: Limits;
  securityEvents: SecurityEventLog;
}

/** Code shapes from the manual: 8 characters for a new phone (9WGA-RXAX), 9 to sign in (ABC-123-DEF). */
const SHAPES: Record<Exclude<ChallengePurpose, 'sign_in_totp'>, { length: number; group: number; message: string }> = {
  add_phone: { length: 8, group: 4, message: 'sms.phoneChallenge' },
  sign_in: { length: 9, group: 3, message: 'sms.signInChallenge' },
};

/** Why no SMS left: each refusal says how long to wait. `sms_provider_refused`: our budgets allowed it, the provider (SNS) did not. */
export type SmsRefusal =
  | { outcome: 'country_not_allowed' }
  | { outcome: 'rate_limited' | 'phone_numbers_limit' | 'phone_challenges_limit' | 'sms_unavailable' | 'sms_provider_refused'; retryAfterSeconds: number };

export type SendChallengeResult = { outcome: 'sent'; challengeId: string; expiresAt: Date } | SmsRefusal;

/**
 * Whether one more SMS may go, taking its place in every budget that applies: the country list,
 * the number's own limits (across accounts), an account's new numbers and phone codes of the day
 * (adding a phone), then the service's ceiling. The ceiling comes last so that refusals for other
 * reasons never spend it.
 */
const takeSmsBudget = async (
  deps: ChallengeDeps,
  request: { purpose: ChallengePurpose; accountId: string; phoneNumber: string },
  now: Date,
): Promise<SmsRefusal | undefined> => {
  const { limits, rateLimiter } = deps;
  const region = regionOf(request.phoneNumber);
  if (!region || !limits.smsCountries.includes(region)) return { outcome: 'country_not_allowed' };
  const perNumber = await rateLimiter.take(`SMS#${request.phoneNumber}`, now, limits.smsWindows);
  if (!perNumber.allowed) return { outcome: 'rate_limited', retryAfterSeconds: perNumber.retryAfterSeconds };
  if (request.purpose === 'add_phone') {
    // Numbers are kept as hashes: the budget needs to tell them apart, not to know them.
    const newNumbers = await rateLimiter.takeDistinct(`NEWNUMBERS#${request.accountId}`, hashSecret(request.phoneNumber), now, limits.newNumbersPerAccount);
    if (!newNumbers.allowed) return { outcome: 'phone_numbers_limit', retryAfterSeconds: newNumbers.retryAfterSeconds };
    const codes = await rateLimiter.take(`PHONECODES#${request.accountId}`, now, [limits.phoneChallengesPerAccount]);
    if (!codes.allowed) return { outcome: 'phone_challenges_limit', retryAfterSeconds: codes.retryAfterSeconds };
  }
  const ceiling = await rateLimiter.takeFixed('SMS#ALL', now, limits.smsCeiling);
  if (!ceiling.allowed) {
    deps.securityEvents.record({
      type: 'sms_ceiling_reached',
      accountId: request.accountId,
      outcome: 'refused',
      details: { purpose: request.purpose, limit: limits.smsCeiling.limit },
    });
    return { outcome: 'sms_unavailable', retryAfterSeconds: ceiling.retryAfterSeconds };
  }
  return undefined;
};

/** Sends a new code by SMS, unless a budget refuses it: then nothing is stored or sent. */
export const sendChallenge = async (
  deps: ChallengeDeps,
  request: { purpose: Exclude<ChallengePurpose, 'sign_in_totp'>; accountId: string; phoneNumber: string; language: Language; firstFactor?: FirstFactor },
): Promise<SendChallengeResult> => {
  const now = deps.clock.now();
  const refused = await takeSmsBudget(deps, request, now);
  if (refused) return refused;
  const shape = SHAPES[request.purpose];
  const challengeId = randomUUID();
  const code = newCode(shape.length);
  const expiresAt = addSeconds(now, deps.limits.challengeLifetimeSeconds);
  await deps.challenges.save({
    challengeId,
    purpose: request.purpose,
    accountId: request.accountId,
    phoneNumber: request.phoneNumber,
    codeHash: hashCode(challengeId, code),
    expiresAt,
    failedAttempts: 0,
    ...(request.firstFactor && { firstFactor: request.firstFactor }),
  });
  const minutes = Math.round(deps.limits.challengeLifetimeSeconds / 60);
  try {
    await deps.sms.send({
      to: request.phoneNumber,
      language: request.language,
      text: translate(request.language, shape.message, { code: formatCode(code, shape.group), minutes }),
    });
  } catch (error) {
    if (!(error instanceof SmsProviderRefusedError)) throw error;
    // The challenge stays stored but nobody holds its code: it dies unanswered.
    deps.securityEvents.record({
      type: 'sms_provider_refused',
      accountId: request.accountId,
      outcome: 'refused',
      details: { purpose: request.purpose, reason: error.message },
    });
    return { outcome: 'sms_provider_refused', retryAfterSeconds: RULES.smsProviderRetryAfterSeconds };
  }
  return { outcome: 'sent', challengeId, expiresAt };
};

/**
 * The second step of a sign-in with an authenticator app: nothing is sent, but the code is then
 * answered as an SMS code is, with the same tries, lifetime and single use.
 */
export const openTotpChallenge = async (deps: Pick<ChallengeDeps, 'challenges' | 'clock' | 'limits'>, accountId: string, firstFactor?: FirstFactor) => {
  const challengeId = randomUUID();
  const expiresAt = addSeconds(deps.clock.now(), deps.limits.challengeLifetimeSeconds);
  await deps.challenges.save({
    challengeId,
    purpose: 'sign_in_totp',
    accountId,
    phoneNumber: '',
    codeHash: '',
    expiresAt,
    failedAttempts: 0,
    ...(firstFactor && { firstFactor }),
  });
  return { challengeId, expiresAt };
};

export type CheckCodeResult =
  { outcome: 'accepted'; challenge: Challenge } | { outcome: 'invalid_code'; challenge: Challenge } | { outcome: 'challenge_expired' };

type CheckDeps = Pick<ChallengeDeps, 'challenges' | 'clock' | 'limits' | 'securityEvents'>;

/** A challenge that may still be answered: of this purpose (and account, when given), unused, with tries left, not expired. */
export const liveChallenge = async (
  deps: Pick<ChallengeDeps, 'challenges' | 'clock' | 'limits'>,
  request: { challengeId: string; purpose: ChallengePurpose | readonly ChallengePurpose[]; accountId?: string },
): Promise<Challenge | undefined> => {
  const challenge = await deps.challenges.find(request.challengeId);
  const purposes: readonly ChallengePurpose[] = typeof request.purpose === 'string' ? [request.purpose] : request.purpose;
  const alive =
    challenge &&
    purposes.includes(challenge.purpose) &&
    (request.accountId === undefined || challenge.accountId === request.accountId) &&
    !challenge.usedAt &&
    challenge.failedAttempts < deps.limits.challengeMaxFailures &&
    challenge.expiresAt > deps.clock.now();
  return alive ? challenge : undefined;
};

/**
 * Compares a typed code with a live challenge. The try is reserved before the comparison, so a
 * burst compares at most the limit; after it, or once used, or after its lifetime, the challenge is
 * dead. Of concurrent right answers exactly one is accepted. A wrong code is a security event.
 * `verify` checks the code where it is not the challenge's own (an authenticator app's).
 */
export const answerChallenge = async (
  deps: CheckDeps,
  challenge: Challenge,
  code: string,
  verify: (code: string) => Promise<boolean> = async (typed) => sameHash(hashCode(challenge.challengeId, typed), challenge.codeHash),
): Promise<CheckCodeResult> => {
  const now = deps.clock.now();
  const { challengeMaxFailures } = deps.limits;
  if (!(await deps.challenges.reserveAttempt(challenge.challengeId, challengeMaxFailures, now))) return { outcome: 'challenge_expired' };
  if (!(await verify(code))) {
    deps.securityEvents.record({
      type: 'wrong_code',
      accountId: challenge.accountId,
      outcome: 'failure',
      details: { purpose: challenge.purpose, challengeId: challenge.challengeId },
    });
    return { outcome: 'invalid_code', challenge };
  }
  return (await deps.challenges.use(challenge.challengeId, challengeMaxFailures, now)) ? { outcome: 'accepted', challenge } : { outcome: 'challenge_expired' };
};

/** Checks a typed code against a live challenge of this purpose (and account, when given): `liveChallenge`, then `answerChallenge`. */
export const checkCode = async (
  deps: CheckDeps,
  request: { challengeId: string; code: string; purpose: ChallengePurpose; accountId?: string },
): Promise<CheckCodeResult> => {
  const challenge = await liveChallenge(deps, request);
  return challenge ? answerChallenge(deps, challenge, request.code) : { outcome: 'challenge_expired' };
};
