import type { RateWindow } from './rate-limits-ports';

/**
 * EU member states, their outermost regions with country codes of their own (Åland, the French
 * overseas departments, Saint-Martin), the EEA, Switzerland and the United Kingdom.
 */
export const EUROPEAN_SMS_COUNTRIES: readonly string[] = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'AX',
  'GF',
  'GP',
  'MQ',
  'RE',
  'YT',
  'MF',
  'IS',
  'LI',
  'NO',
  'CH',
  'GB',
];

/**
 * The limits that keep SMS and sign-in safe (NIST SP 800-63B-4, Login.gov's defaults). Deployments
 * may override them (see shared/config.ts); these are the defaults.
 */
export interface Limits {
  /** A challenge dies after this many wrong codes. */
  challengeMaxFailures: number;
  /** The manual: an SMS "peut mettre jusqu'à 15 minutes"; a code lives twice that. */
  challengeLifetimeSeconds: number;
  /** Sign-in attempts (password or code) per lock window: the last one failing locks sign-in... */
  signInMaxFailures: number;
  /** ...for this long after it. */
  signInLockSeconds: number;
  /** The owner hears of a lock at most once in this time. */
  signInLockNoticeSeconds: number;
  /** NIST SP 800-63B-4 §3.2.2: consecutive failures, across windows, after which password sign-in waits for a reset by link. */
  signInFailureCeiling: number;
  /** SMS to one number, across all accounts. */
  smsWindows: readonly RateWindow[];
  /** Different numbers one account may try to add... */
  newNumbersPerAccount: RateWindow;
  /** ...and codes it may ask for to add a phone. */
  phoneChallengesPerAccount: RateWindow;
  /** Every SMS of the service, in a clock-aligned window: past it, none leaves (SMS pumping, a runaway bill). */
  smsCeiling: RateWindow;
  /** Where SMS may go (ISO 3166 regions of the numbers). */
  smsCountries: readonly string[];
  /** Adding a phone needs a sign-in this recent. */
  recentAuthenticationSeconds: number;
}

const DAY = 24 * 60 * 60;

export const DEFAULT_LIMITS: Limits = {
  challengeMaxFailures: 5,
  challengeLifetimeSeconds: 30 * 60,
  signInMaxFailures: 10,
  signInLockSeconds: 10 * 60,
  signInLockNoticeSeconds: DAY,
  signInFailureCeiling: 100,
  smsWindows: [
    { seconds: 10 * 60, limit: 3 },
    { seconds: DAY, limit: 20 },
  ],
  newNumbersPerAccount: { seconds: DAY, limit: 3 },
  phoneChallengesPerAccount: { seconds: DAY, limit: 5 },
  smsCeiling: { seconds: 60 * 60, limit: 1000 },
  smsCountries: EUROPEAN_SMS_COUNTRIES,
  recentAuthenticationSeconds: 15 * 60,
};
