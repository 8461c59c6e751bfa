import type { FirstFactor } from './sessions-ports';

/** `sign_in_totp` sends nothing: it holds the place of an authenticator app's code, checked by the caller. */
export type ChallengePurpose = 'add_phone' | 'sign_in' | 'sign_in_totp';

/** A code sent by SMS (only its hash is stored), or the wait for an authenticator app's code (no number, no hash). */
export interface Challenge {
  challengeId: string;
  purpose: ChallengePurpose;
  accountId: string;
  phoneNumber: string;
  codeHash: string;
  expiresAt: Date;
  /** Tries so far, each reserved before its code is compared (the right one then uses the challenge). */
  failedAttempts: number;
  usedAt?: Date;
  /** A sign-in's challenge after a national eID, not after the password: the session says so. */
  firstFactor?: FirstFactor;
}

export interface ChallengeStore {
  save(challenge: Challenge): Promise<void>;
  find(challengeId: string): Promise<Challenge | undefined>;
  /**
   * Reserves one try before the code is compared, unless the challenge is used, expired or had its
   * `maxFailures` tries: under any concurrency at most that many codes are ever compared.
   */
  reserveAttempt(challengeId: string, maxFailures: number, now: Date): Promise<boolean>;
  /** Marks the challenge used: true for exactly one caller, and never for a dead one. */
  use(challengeId: string, maxFailures: number, at: Date): Promise<boolean>;
}
