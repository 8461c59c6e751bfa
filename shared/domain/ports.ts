import type { Language } from './languages';

/** An account as stored. Secrets appear only as hashes. */
export interface Account {
  accountId: string;
  username: string;
  firstName: string;
  lastName: string;
  /** As the person typed it; compared lower-cased. */
  email: string;
  emailLanguage: Language;
  createdAt: string;
  passwordHash?: string;
  passwordSetAt?: string;
  /** Hash of the one password link that is still alive, if any: issuing a new link kills the old one. */
  currentLinkHash?: string;
  /** Task token of the activation workflow, waiting for the password to be set. Never leaves the server. */
  activationTaskToken?: string;
  /** Failed sign-ins (password or code) since the last success or lock. */
  failedSignIns?: number;
  signInLockedUntil?: string;
  roles?: string[];
}

export type NewAccount = Pick<Account, 'accountId' | 'firstName' | 'lastName' | 'email' | 'emailLanguage' | 'createdAt'>;

export interface PasswordLink {
  linkHash: string;
  accountId: string;
  expiresAt: Date;
}

export interface Captcha {
  captchaId: string;
  answerHash: string;
  expiresAt: Date;
}

export interface Session {
  sessionHash: string;
  accountId: string;
  assurance: 'password' | 'sms';
  authenticatedAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export type CreateAccountOutcome = { outcome: 'created'; account: Account } | { outcome: 'email_taken'; existing: Account };

/** Accounts, their password links, keyed so that email and username stay unique. */
export interface AccountStore {
  /** Creates the account under the first free username; a taken email is an outcome, not an error. */
  create(account: NewAccount, usernames: Iterable<string>): Promise<CreateAccountOutcome>;
  /** Undoes `create` when the rest of the registration could not happen. */
  remove(account: Account): Promise<void>;
  findById(accountId: string): Promise<Account | undefined>;
  findByLogin(login: string): Promise<Account | undefined>;
  /** Stores a new link and makes it the account's only live one; keeps the workflow's task token when given. */
  saveLink(link: PasswordLink, activationTaskToken?: string): Promise<void>;
  findLink(linkHash: string): Promise<PasswordLink | undefined>;
  /** Sets the password if, and only if, `linkHash` is still the account's live link; false when another use won. */
  setPasswordWithLink(link: PasswordLink, passwordHash: string, at: Date): Promise<boolean>;
  /**
   * Counts one failed sign-in; at `maxFailures` the account is locked until `lockUntil` and the count
   * starts again. `lockedNow` is true for exactly one caller: the one whose failure set the lock.
   */
  recordSignInFailure(accountId: string, maxFailures: number, lockUntil: Date): Promise<{ lockedNow: boolean }>;
  clearSignInFailures(accountId: string): Promise<void>;
}

export interface Phone {
  phoneId: string;
  /** E.164. */
  phoneNumber: string;
  addedAt: Date;
}

/** The mobile phones of accounts. A number appears at most once per account. */
export interface PhoneStore {
  list(accountId: string): Promise<Phone[]>;
  /** False when the account already has this number. */
  add(accountId: string, phone: Phone): Promise<boolean>;
  /** The removed phone, or undefined if the account has no such phone. */
  remove(accountId: string, phoneId: string): Promise<Phone | undefined>;
}

export type ChallengePurpose = 'add_phone' | 'sign_in';

/** A code sent by SMS. Only its hash is stored. */
export interface Challenge {
  challengeId: string;
  purpose: ChallengePurpose;
  accountId: string;
  phoneNumber: string;
  codeHash: string;
  expiresAt: Date;
  failedAttempts: number;
  usedAt?: Date;
}

export interface ChallengeStore {
  save(challenge: Challenge): Promise<void>;
  find(challengeId: string): Promise<Challenge | undefined>;
  /** Counts a wrong code, unless the challenge is already used or dead; returns whether it counted. */
  recordFailure(challengeId: string, maxFailures: number): Promise<boolean>;
  /** Marks the challenge used: true for exactly one caller, and never for a dead one. */
  use(challengeId: string, maxFailures: number, at: Date): Promise<boolean>;
}

/** Sliding-window limits on SMS to one number, across all accounts. */
export interface SmsRateLimiter {
  /** Takes one SMS slot for `phoneNumber` at `now`, or says how long to wait. */
  take(phoneNumber: string, now: Date, windows: readonly RateWindow[]): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

export interface RateWindow {
  seconds: number;
  limit: number;
}

export interface OutgoingSms {
  /** E.164. */
  to: string;
  language: Language;
  text: string;
}

export interface SmsSender {
  send(sms: OutgoingSms): Promise<void>;
}

export interface CaptchaStore {
  save(captcha: Captcha): Promise<void>;
  /** Removes and returns the captcha: each one is good for a single attempt. */
  take(captchaId: string): Promise<Captcha | undefined>;
}

export interface SessionStore {
  save(session: Session): Promise<void>;
  find(sessionHash: string): Promise<Session | undefined>;
  /** Moves the idle expiry forward (activity). */
  touch(sessionHash: string, idleExpiresAt: Date): Promise<void>;
  remove(sessionHash: string): Promise<void>;
}

export interface OutgoingEmail {
  to: string;
  language: Language;
  subject: string;
  text: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}

/** Starts long-running workflows; starting twice for the same account is harmless. */
export interface Workflows {
  startAccountActivation(accountId: string): Promise<void>;
}

/** Resumes a workflow that waits on a task token. `gone` when it already timed out or finished. */
export interface TaskCallbacks {
  succeed(taskToken: string, output: Record<string, unknown>): Promise<'resumed' | 'gone'>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the time of a verification and answers false: for a login that does not exist. */
  verifyNothing(password: string): Promise<false>;
}

export interface CaptchaImage {
  svg: string;
  answer: string;
}

export interface CaptchaGenerator {
  create(): CaptchaImage;
}
