import { randomUUID } from 'node:crypto';
import { addSeconds, type Clock } from './clock';
import { formatCode, hashCode, newCode } from './codes';
import { translate } from './i18n';
import type { Language } from './languages';
import type { Limits } from './limits';
import type { Challenge, ChallengePurpose, ChallengeStore, RateLimiter, SmsSender } from './ports';
import { sameHash } from './secrets';

export interface ChallengeDeps {
  challenges: ChallengeStore;
  rateLimiter: RateLimiter;
  sms: SmsSender;
  clock: Clock;
  limits: Limits;
}

/** Code shapes from the manual: 8 characters for a new phone (9WGA-RXAX), 9 to sign in (ABC-123-DEF). */
const SHAPES: Record<ChallengePurpose, { length: number; group: number; message: string }> = {
  add_phone: { length: 8, group: 4, message: 'sms.phoneChallenge' },
  sign_in: { length: 9, group: 3, message: 'sms.signInChallenge' },
};

export type SendChallengeResult = { outcome: 'sent'; challengeId: string; expiresAt: Date } | { outcome: 'rate_limited'; retryAfterSeconds: number };

/** Sends a new code by SMS, unless the number had its share of SMS: then nothing is stored or sent. */
export const sendChallenge = async (
  deps: ChallengeDeps,
  request: { purpose: ChallengePurpose; accountId: string; phoneNumber: string; language: Language },
): Promise<SendChallengeResult> => {
  const now = deps.clock.now();
  const slot = await deps.rateLimiter.take(`SMS#${request.phoneNumber}`, now, deps.limits.smsWindows);
  if (!slot.allowed) return { outcome: 'rate_limited', retryAfterSeconds: slot.retryAfterSeconds };
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
  });
  const minutes = Math.round(deps.limits.challengeLifetimeSeconds / 60);
  await deps.sms.send({ to: request.phoneNumber, language: request.language, text: translate(request.language, shape.message, { code: formatCode(code, shape.group), minutes }) });
  return { outcome: 'sent', challengeId, expiresAt };
};

export type CheckCodeResult = { outcome: 'accepted'; challenge: Challenge } | { outcome: 'invalid_code'; challenge: Challenge } | { outcome: 'challenge_expired' };

/**
 * Checks a typed code against a live challenge of this purpose (and account, when given). A wrong
 * code counts; after the limit, or once used, or after its lifetime, the challenge is dead. Of
 * concurrent right answers exactly one is accepted.
 */
export const checkCode = async (
  deps: Pick<ChallengeDeps, 'challenges' | 'clock' | 'limits'>,
  request: { challengeId: string; code: string; purpose: ChallengePurpose; accountId?: string },
): Promise<CheckCodeResult> => {
  const challenge = await deps.challenges.find(request.challengeId);
  const now = deps.clock.now();
  const { challengeMaxFailures } = deps.limits;
  if (
    !challenge ||
    challenge.purpose !== request.purpose ||
    (request.accountId !== undefined && challenge.accountId !== request.accountId) ||
    challenge.usedAt ||
    challenge.failedAttempts >= challengeMaxFailures ||
    challenge.expiresAt <= now
  ) {
    return { outcome: 'challenge_expired' };
  }
  if (!sameHash(hashCode(challenge.challengeId, request.code), challenge.codeHash)) {
    return (await deps.challenges.recordFailure(challenge.challengeId, challengeMaxFailures))
      ? { outcome: 'invalid_code', challenge }
      : { outcome: 'challenge_expired' };
  }
  return (await deps.challenges.use(challenge.challengeId, challengeMaxFailures, now)) ? { outcome: 'accepted', challenge } : { outcome: 'challenge_expired' };
};
