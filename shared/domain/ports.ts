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
  /** Sign-in attempts reserved in the current lock window (each counts as a failure until it succeeds). */
  signInAttempts?: number;
  /** Epoch ms of the last reserved attempt: a full window locks until this plus the lock time. */
  lastSignInAttemptAt?: number;
  /** Consecutive failed sign-ins across windows; at the ceiling, password sign-in is disabled until a reset by link. */
  consecutiveFailedSignIns?: number;
  /** Epoch ms of the last "sign-in locked" email (at most one a day). */
  lockNoticeSentAt?: number;
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
  /** How the person proved who they are: a password alone, or with a second factor (an SMS code, a recovery code). */
  assurance: 'password' | 'sms' | 'recovery_code';
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
  /**
   * Stores a new link and makes it the account's only live one; keeps the workflow's task token when
   * given. False, with nothing written, when the account does not exist (the same write for an unknown login).
   */
  saveLink(link: PasswordLink, activationTaskToken?: string): Promise<boolean>;
  findLink(linkHash: string): Promise<PasswordLink | undefined>;
  /**
   * Sets the password if, and only if, `linkHash` is still the account's live link; false when another
   * use won. The attempt counters go back to zero: a reset by link lifts a lock and a disabled sign-in.
   */
  setPasswordWithLink(link: PasswordLink, passwordHash: string, at: Date): Promise<boolean>;
  /**
   * Reserves one sign-in attempt with one conditional write, before any secret is checked: refused
   * while the window is full and its lock runs, when the consecutive failures reached the ceiling,
   * or when there is no such account. A reserved attempt counts as a failure until it is cleared.
   */
  reserveSignInAttempt(accountId: string, now: Date, rules: AttemptRules): Promise<AttemptReservation>;
  /** Gives one reserved attempt back (a right password whose sign-in waits for its SMS code). */
  releaseSignInAttempt(accountId: string): Promise<void>;
  /** A sign-in succeeded: every attempt counter goes back to zero. */
  clearSignInFailures(accountId: string): Promise<void>;
  /** Claims the right to send the "sign-in locked" email: true for one caller per `intervalSeconds`. */
  claimLockNotice(accountId: string, now: Date, intervalSeconds: number): Promise<boolean>;
  /** Adds a role (ops only); granting one the account has is a no-op. */
  grantRole(accountId: string, role: string): Promise<void>;
}

/** The attempt accounting's numbers (from Limits). */
export interface AttemptRules {
  /** Attempts per lock window. */
  maxAttempts: number;
  /** How long a full window stays locked after its last attempt. */
  lockSeconds: number;
  /** Consecutive failures after which password sign-in is disabled. */
  ceiling: number;
}

export type AttemptReservation =
  | { outcome: 'reserved'; /** 1..maxAttempts in this window */ attemptInWindow: number; /** 1..ceiling */ consecutive: number }
  | { outcome: 'locked'; until: Date }
  | { outcome: 'disabled' }
  | { outcome: 'no_account' };

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
  /** Tries so far, each reserved before its code is compared (the right one then uses the challenge). */
  failedAttempts: number;
  usedAt?: Date;
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

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts of events per key (SMS to a number, wrong codes of an account), each decision atomic. */
export interface RateLimiter {
  /** Records one event for `key` at `now` if every sliding window has room; otherwise says how long to wait. */
  take(key: string, now: Date, windows: readonly RateWindow[]): Promise<RateDecision>;
  /**
   * Records `value` for `key` if it is already among the values of the sliding window, or if fewer
   * than `window.limit` distinct values are (the new numbers an account tried today).
   */
  takeDistinct(key: string, value: string, now: Date, window: RateWindow): Promise<RateDecision>;
  /** One event in a fixed window (clock-aligned, e.g. each hour), by one conditional counter write: for hot global keys. */
  takeFixed(key: string, now: Date, window: RateWindow): Promise<RateDecision>;
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
  /** Ends every session of the account but `exceptSessionHash`; returns the sessions it ended. */
  removeAllOf(accountId: string, exceptSessionHash?: string): Promise<Session[]>;
}

export interface OutgoingEmail {
  to: string;
  language: Language;
  subject: string;
  text: string;
}

/** An account's recovery codes: one set at a time, each code stored as a salted slow hash. */
export interface RecoveryCodeSet {
  /** The salt of every digest of the set (base64url). */
  salt: string;
  digests: string[];
  createdAt: Date;
}

export interface RecoveryCodeStore {
  /** Stores the account's first set; false when it already has one (used up or not). */
  createFirst(accountId: string, set: RecoveryCodeSet): Promise<boolean>;
  /** Replaces the account's set: the old codes die. */
  replace(accountId: string, set: RecoveryCodeSet): Promise<void>;
  /** The set's salt and how many codes are left; undefined when the account has no set. */
  find(accountId: string): Promise<{ salt: string; left: number } | undefined>;
  /** Spends the code with this digest: `used` for exactly one caller, with how many are left. */
  use(accountId: string, salt: string, digest: string): Promise<{ used: true; left: number } | { used: false }>;
  remove(accountId: string): Promise<void>;
}

/** Digests of short one-time codes (recovery codes) under a known salt, slow enough to resist an offline search. */
export interface CodeHasher {
  digest(code: string, salt: string): Promise<string>;
}

/** "J'ai perdu mon téléphone": a request to remove the account's second factors once its delay is over. */
export interface FactorReset {
  accountId: string;
  resetId: string;
  /** Hash of the cancel link's token; the token exists only in the owner's email. */
  tokenHash: string;
  requestedAt: Date;
  resetAt: Date;
  /** `removing` once the workflow has started removing: too late to cancel. */
  status: 'pending' | 'removing';
}

/** At most one reset in flight per account, found by account or by its cancel token. */
export interface FactorResetStore {
  /** Stores the reset unless the account has one in flight (false). */
  start(reset: FactorReset): Promise<boolean>;
  find(accountId: string): Promise<FactorReset | undefined>;
  /** Which reset a cancel token belongs to; undefined once it was cancelled or carried out. */
  findByToken(tokenHash: string): Promise<{ accountId: string; resetId: string } | undefined>;
  /** Cancels a pending reset: true for exactly one caller, false once removal started or it is gone. */
  cancel(reset: FactorReset): Promise<boolean>;
  /** Marks the reset as being carried out (cancels now fail); true again for a retry of the same reset. */
  claim(accountId: string, resetId: string): Promise<boolean>;
  /** Forgets a reset that was carried out, with its token. */
  finish(reset: FactorReset): Promise<void>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}

/** Starts long-running workflows; starting twice for the same account is harmless. */
export interface Workflows {
  startAccountActivation(accountId: string): Promise<void>;
  startRcamEnrollment(requestId: string): Promise<void>;
  /** Waits until `resetAt`, then removes the account's second factors unless the reset was cancelled. */
  startSecondFactorReset(reset: { accountId: string; resetId: string; resetAt: Date }): Promise<void>;
}

/** Resumes a workflow that waits on a task token. `gone` when it already timed out or finished. */
export interface TaskCallbacks {
  succeed(taskToken: string, output: Record<string, unknown>): Promise<'resumed' | 'gone'>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Whether `password` matches `hash`. Without a hash (unknown login, no password yet, a refused
   * attempt) it spends the time of a verification against a dummy hash and answers false.
   */
  verify(hash: string | undefined, password: string): Promise<boolean>;
}

export interface CaptchaImage {
  svg: string;
  answer: string;
}

export interface CaptchaGenerator {
  create(): CaptchaImage;
}

export type RcamStatus =
  | 'pending_review'
  | 'rejected'
  | 'review_expired'
  | 'letter_queued'
  | 'letter_sent'
  | 'letter_delivered'
  | 'letter_undelivered'
  | 'code_expired'
  | 'code_redeemed'
  | 'rcam_active'
  | 'complete';

export interface PostalAddress {
  name: string;
  lines: string[];
  postalCode: string;
  city: string;
  country: string;
}

/** A request for an RCAM access code and everything that happened to it. */
export interface CodeRequest {
  requestId: string;
  accountId: string;
  staffNumber: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  status: RcamStatus;
  submittedAt: Date;
  timeline: Array<{ status: RcamStatus; at: Date }>;
  letterId?: string;
  codeHash?: string;
  deliveredAt?: Date;
  codeExpiresAt?: Date;
  redeemedAt?: Date;
  rcamAvailableAt?: Date;
  myIntracommAvailableAt?: Date;
  /** Where the workflow waits: review, delivery or redemption. Never leaves the server. */
  taskToken?: string;
}

export interface Letter {
  letterId: string;
  requestId: string;
  /** Whose envelope it is, for the clerk: the addressee's name and the staff number of the request. */
  recipient: string;
  staffNumber: string;
  /** Whose request it is (separation of duties); absent on letters written before it was kept. */
  accountId?: string;
  createdAt: Date;
  status: 'queued' | 'sent' | 'delivered';
  /** The printable letter, with the code in clear: kept only until the letter is sent or the workflow ends. */
  pdf?: Uint8Array;
  trackingNumber?: string;
  taskToken?: string;
}

/** A letter as a list shows it: without its PDF (tens of kB each) or its task token. */
export type LetterSummary = Omit<Letter, 'pdf' | 'taskToken'>;

export interface AuditRecord {
  requestId: string;
  at: Date;
  /** Who did it, as people know them: a username, or `workflow` for the state machine. */
  actor: string;
  /** The actor's account, when a person did it. */
  actorAccountId?: string;
  action: string;
  details?: Record<string, unknown>;
}

/** The RCAM enrolment: requests, letters and their audit trail (kept beyond Step Functions' 90 days). */
export interface RcamStore {
  /** Creates the request unless the account has one running. */
  create(request: CodeRequest): Promise<'created' | 'request_active'>;
  find(requestId: string): Promise<CodeRequest | undefined>;
  currentOf(accountId: string): Promise<CodeRequest | undefined>;
  /** Moves to `status` (and sets `fields`) if the request is in one of `from`; appends the timeline. */
  transition(requestId: string, status: RcamStatus, at: Date, from: readonly RcamStatus[], fields?: Partial<CodeRequest>): Promise<boolean>;
  setTaskToken(requestId: string, taskToken: string): Promise<void>;
  /** Records the first decision on a pending request; false for a second one. */
  recordDecision(requestId: string, decision: 'approve' | 'reject', at: Date): Promise<boolean>;
  pendingReviews(): Promise<CodeRequest[]>;
  /** The account may ask again (the request ended without access). */
  release(accountId: string, requestId: string): Promise<void>;
  /**
   * Stores the letter and moves its request to letter_queued with the code's hash, both or neither
   * (a retried step must not make a second letter); false if the request already has one.
   */
  queueLetter(letter: Letter, codeHash: string): Promise<boolean>;
  findLetter(letterId: string): Promise<Letter | undefined>;
  /** The letters in a state, oldest first. */
  letters(status: Letter['status']): Promise<LetterSummary[]>;
  setLetterTaskToken(letterId: string, taskToken: string): Promise<void>;
  /** Moves a letter from `from` to `to`, and deletes its PDF unless it stays queued; false if it was not in `from`. */
  moveLetter(letterId: string, from: Letter['status'], to: Letter['status'], fields?: { trackingNumber?: string }): Promise<boolean>;
  /** Deletes the letter's PDF (the code in clear), keeping the rest; true if there was one. */
  discardLetterPdf(letterId: string): Promise<boolean>;
  audit(record: AuditRecord): Promise<void>;
  /** A request's audit records, oldest first. */
  auditTrail(requestId: string): Promise<AuditRecord[]>;
}

/** Writes the registered letter. */
export interface LetterRenderer {
  render(letter: LetterContent): Promise<{ pdf: Uint8Array; text: string }>;
}

export interface LetterContent {
  language: Language;
  address: PostalAddress;
  code: string;
  date: Date;
  username: string;
}

/** Where a letter goes once written: the local outbox; in AWS the PMO prints the PDF. */
export interface Mailroom {
  queued(letter: { address: PostalAddress; text: string; language: Language }): Promise<void>;
}
