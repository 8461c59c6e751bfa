import type { RateWindow } from './ports';

/**
 * The limits that keep SMS and sign-in safe (NIST SP 800-63B, Login.gov's defaults). Deployments
 * may override them (see shared/config.ts); these are the defaults.
 */
export interface Limits {
  /** A challenge dies after this many wrong codes. */
  challengeMaxFailures: number;
  /** The manual: an SMS "peut mettre jusqu'à 15 minutes"; a code lives twice that. */
  challengeLifetimeSeconds: number;
  /** Consecutive failed sign-ins (password or code) that lock sign-in... */
  signInMaxFailures: number;
  /** ...for this long. */
  signInLockSeconds: number;
  /** SMS to one number, across all accounts. */
  smsWindows: readonly RateWindow[];
  /** Adding a phone needs a sign-in this recent. */
  recentAuthenticationSeconds: number;
}

export const DEFAULT_LIMITS: Limits = {
  challengeMaxFailures: 5,
  challengeLifetimeSeconds: 30 * 60,
  signInMaxFailures: 10,
  signInLockSeconds: 10 * 60,
  smsWindows: [
    { seconds: 10 * 60, limit: 3 },
    { seconds: 24 * 60 * 60, limit: 20 },
  ],
  recentAuthenticationSeconds: 15 * 60,
};
