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
  /** SES reported a permanent bounce or a complaint for this address: no mail goes to it, the account page says so. */
  emailUndeliverable?: import('./mail-delivery-ports').EmailUndeliverable;
  /** Hash of the one live link confirming a change of address, if any. */
  currentEmailChangeHash?: string;
  /** PMO-CONTACT opens with the account's first sign-in proven by SMS: when that was. */
  pmoContactAvailableAt?: string;
}

export type NewAccount = Pick<Account, 'accountId' | 'firstName' | 'lastName' | 'email' | 'emailLanguage' | 'createdAt'>;

export interface PasswordLink {
  linkHash: string;
  accountId: string;
  expiresAt: Date;
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
  /** The id of the account a login (email or username) names, by one read: sign-in gets the account itself from its reservation. */
  accountIdByLogin(login: string): Promise<string | undefined>;
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
   * The same one write answers with the account, or with why it refused: a known login, an unknown
   * one and a locked account cost the same calls.
   */
  reserveSignInAttempt(accountId: string, now: Date, rules: AttemptRules): Promise<AttemptReservation>;
  /** Gives one reserved attempt back (a right password whose sign-in waits for its SMS code). */
  releaseSignInAttempt(accountId: string): Promise<void>;
  /** A sign-in succeeded: every attempt counter goes back to zero. */
  clearSignInFailures(accountId: string): Promise<void>;
  /** Claims the right to send the "sign-in locked" email: true for one caller per `intervalSeconds`. */
  claimLockNotice(accountId: string, now: Date, intervalSeconds: number): Promise<boolean>;
  /** Opens PMO-CONTACT at `at` unless it is already open (one conditional write). */
  openPmoContact(accountId: string, at: Date): Promise<void>;
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
  | {
      outcome: 'reserved';
      /** The account as the reservation left it. */
      account: Account;
      /** 1..maxAttempts in this window */ attemptInWindow: number;
      /** 1..ceiling */ consecutive: number;
    }
  | { outcome: 'locked'; until: Date }
  | { outcome: 'disabled' }
  | { outcome: 'no_account' };
