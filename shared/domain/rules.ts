import type { RateWindow } from './rate-limits-ports';

/**
 * Every time-bound rule and limit of the service, each written once. The quotes are the user
 * manual's wording, where the manual states the rule. The domain, the state machines, the config's
 * defaults and the local developer bar read them here; README's "Rules and limits" table says the
 * same, and test/domain/rules.test.ts holds the two together.
 *
 * The browser client runs this module (the developer bar's jumps): it imports nothing but types.
 */

/** Units, in seconds: every duration below is in seconds unless its name says otherwise. */
export const MINUTE = 60;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The rules of the manual and of the flows built on them: the same in every deployment. */
export const RULES = {
  /** "Après un délai d'attente de 15 minutes, vous recevrez un email" (step 4). */
  activationEmailDelaySeconds: 15 * MINUTE,
  /** "Vous avez jusqu'à 24 h pour créer un mot de passe" (step 5); a "lost password" link lives as long. */
  passwordLinkLifetimeSeconds: 24 * HOUR,
  /** "Lost password" emails per account (or unknown login): nobody can flood an inbox with them. */
  passwordLinkRequests: { seconds: HOUR, limit: 5 } satisfies RateWindow,
  /** A CAPTCHA image answers once, within this time. */
  captchaLifetimeSeconds: 10 * MINUTE,
  /** A session ends after this long without a request... */
  sessionIdleSeconds: HOUR,
  /**
   * A request moves the idle end only when that gains at least this much: of a burst of requests
   * one writes, the others only read (GET /me costs one DynamoDB write less). A session may so end
   * up to this long before an hour after its last request, never later.
   */
  sessionTouchSeconds: MINUTE,
  /** ...and this long after its sign-in, whatever happens. */
  sessionAbsoluteSeconds: 12 * HOUR,
  /** "J'ai perdu mon téléphone": the owner has this long to cancel (link in the email) before the phones are removed. */
  secondFactorResetDelaySeconds: 72 * HOUR,
  /** Recovery codes in a set, each good once. */
  recoveryCodeCount: 10,
  /** "Votre demande sera vérifiée par le PMO" (step 15): a request nobody decides in this time expires. */
  pmoReviewTimeoutSeconds: 30 * DAY,
  /** An approved letter not marked sent in this time counts as undelivered. */
  letterDispatchTimeoutSeconds: 14 * DAY,
  /** An OpenID authorization code is exchanged within this time, once (the service's server does it at once). */
  oidcCodeSeconds: MINUTE,
  /** An OpenID access token and ID token live this long: a service calls userinfo at sign-in, then keeps its own session. */
  oidcAccessTokenSeconds: 10 * MINUTE,
  /** A service's sign-in request waits this long for the person to sign in on Passerelle (an SMS may take 15 minutes). */
  oidcInteractionSeconds: 30 * MINUTE,
  /** The OpenID provider's signing keys rotate this often (Secrets Manager's schedule; README, "Rotating the OpenID signing keys"). */
  oidcKeyRotationSeconds: 30 * DAY,
  /**
   * Services may keep the provider's JWKS this long (its Cache-Control). A key is published this
   * long (plus `oidcKeySetCacheSeconds`) before it signs: a rotation that comes sooner promotes nothing.
   */
  oidcJwksCacheSeconds: DAY,
  /** The provider's functions keep the key set this long before reading it again: a rotation reaches them all within it. */
  oidcKeySetCacheSeconds: 5 * MINUTE,
  /** A sent letter whose delivery is neither recorded nor proven by a redemption in this time counts as undelivered. */
  letterDeliveryTimeoutSeconds: 30 * DAY,
  /** "Dès réception du courrier postal par recommandé, vous avez 6 mois" (step 16): calendar months, in Brussels time. */
  rcamCodeWindowMonths: 6,
  /** "Vous pourrez accéder à RCAM en ligne dès le lendemain": at 00:00 Brussels time, this many days after the code is entered. */
  rcamOpensAfterCalendarDays: 1,
  /** "...et après un délai d'attente de 48 heures à My Intracomm": counted from the code's entry. */
  myIntracommDelaySeconds: 48 * HOUR,
  /** Tries at the letter's code per account, each taken before the code is compared. */
  rcamCodeTries: { seconds: 10 * MINUTE, limit: 5 } satisfies RateWindow,
  /** "Jeton logiciel": an authenticator app being added waits this long for its first code... */
  authenticatorAppEnrolmentSeconds: 10 * MINUTE,
  /** ...and dies after this many wrong ones. */
  authenticatorAppEnrolmentMaxFailures: 5,
  /** Authenticator apps per account: a sign-in code is checked against each. */
  authenticatorAppsPerAccount: 5,
  /** "Token": a security key's challenge (to add a key, or to sign in with one) answers once, within this time. */
  securityKeyChallengeSeconds: 5 * MINUTE,
  /** Security keys and passkeys per account. */
  securityKeysPerAccount: 10,
  /** A sign-in or link at a national eID provider comes back within this time, once (its state is then spent). */
  eidFlowSeconds: 10 * MINUTE,
  /** An eID that named a linked account waits this long for the second factor to be chosen, once. */
  eidProofSeconds: 5 * MINUTE,
  /**
   * A workflow step that sends mail, an SMS or a letter, or writes to the table, and fails (an
   * outage, throttling) is tried again after this long... (the ASL's Retry, in every state machine)
   */
  stepRetryFirstDelaySeconds: 30,
  /** ...each wait this many times the one before... */
  stepRetryBackoffRate: 2,
  /** ...but never longer than this... */
  stepRetryMaxDelaySeconds: 30 * MINUTE,
  /** ...this many times, over about 7.5 hours (`stepRetrySpanSeconds`); then the case goes to the PMO's "to handle" list. */
  stepRetryAttempts: 20,
  /** A request refused because the table, mail or SMS service is throttled or down (503) may be sent again after this long. */
  serviceUnavailableRetryAfterSeconds: 30,
  /** A request's `Idempotency-Key` replays its first answer for this long. */
  idempotencyKeyLifetimeSeconds: 24 * HOUR,
  /** A request still running under a key makes a retry with it wait (409); past this, the first is deemed dead and a retry runs. */
  idempotencyInProgressSeconds: MINUTE,
  /** When the SMS provider refuses (its throughput or the account's spend), the person is told to try again after this long. */
  smsProviderRetryAfterSeconds: 15 * MINUTE,
  /** Changes of email address one account may ask for (each sends a link, or a notice to the address's owner). */
  emailChangeRequests: { seconds: HOUR, limit: 5 } satisfies RateWindow,
  /** The link that proves the new mailbox lives as long as a password link. */
  emailChangeLinkLifetimeSeconds: 24 * HOUR,
} as const;

/** The time from a step's first failure to its last retry: how long an outage the workflows ride out. */
export const stepRetrySpanSeconds = (): number => {
  let total = 0;
  for (let attempt = 0; attempt < RULES.stepRetryAttempts; attempt++) {
    total += Math.min(RULES.stepRetryFirstDelaySeconds * RULES.stepRetryBackoffRate ** attempt, RULES.stepRetryMaxDelaySeconds);
  }
  return total;
};

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
 * The limits that keep SMS and sign-in safe (NIST SP 800-63B-4, Login.gov's defaults). A deployment
 * may override any of them (the `LIMITS` variable, see shared/config.ts); DEFAULT_LIMITS are the defaults.
 */
export interface Limits {
  /** A challenge dies after this many wrong codes. */
  challengeMaxFailures: number;
  /** "Le message peut mettre jusqu'à 15 minutes pour atteindre votre téléphone portable" (step 8): a code lives twice that. */
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
  /** Adding a phone or renewing recovery codes needs a sign-in this recent. */
  recentAuthenticationSeconds: number;
}

export const DEFAULT_LIMITS: Limits = {
  challengeMaxFailures: 5,
  challengeLifetimeSeconds: 30 * MINUTE,
  signInMaxFailures: 10,
  signInLockSeconds: 10 * MINUTE,
  signInLockNoticeSeconds: DAY,
  signInFailureCeiling: 100,
  smsWindows: [
    { seconds: 10 * MINUTE, limit: 3 },
    { seconds: DAY, limit: 20 },
  ],
  newNumbersPerAccount: { seconds: DAY, limit: 3 },
  phoneChallengesPerAccount: { seconds: DAY, limit: 5 },
  smsCeiling: { seconds: HOUR, limit: 1000 },
  smsCountries: EUROPEAN_SMS_COUNTRIES,
  recentAuthenticationSeconds: 15 * MINUTE,
};
