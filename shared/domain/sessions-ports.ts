/** What came before the second factor, when it was not the password: a linked national eID. */
export type FirstFactor = 'eid';

export interface Session {
  sessionHash: string;
  accountId: string;
  /**
   * How the person proved who they are: a password alone, or with a second factor (an SMS code, an
   * authenticator app's code, a security key or passkey, a recovery code). See `isSecondFactor`.
   */
  assurance: 'password' | 'sms' | 'totp' | 'webauthn' | 'recovery_code';
  /** A national eID stood in for the password (the second factor followed it): absent after a password. */
  firstFactor?: FirstFactor;
  authenticatedAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export interface SessionStore {
  save(session: Session): Promise<void>;
  find(sessionHash: string): Promise<Session | undefined>;
  /** Moves the idle expiry forward (activity). */
  touch(sessionHash: string, idleExpiresAt: Date): Promise<void>;
  remove(sessionHash: string): Promise<void>;
  /** Ends every session of the account but `exceptSessionHash`; returns the sessions it ended. */
  removeAllOf(accountId: string, exceptSessionHash?: string): Promise<Session[]>;
  /** Every session of the account still stored (live or not yet swept), for the person's own data export. */
  listOf(accountId: string): Promise<Session[]>;
}
