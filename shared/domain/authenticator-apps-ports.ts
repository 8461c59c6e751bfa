/**
 * An authenticator app ("Jeton logiciel"): a TOTP secret (RFC 6238), stored sealed. Until the
 * person types one right code it is pending: it proves nothing and dies with its enrolment.
 */
export interface AuthenticatorApp {
  appId: string;
  /** The secret, sealed by the SecretSealer (bound to the account and the app): never shown again. */
  sealedSecret: string;
  createdAt: Date;
  /** When a right code confirmed it; pending until then. */
  confirmedAt?: Date;
  /** A pending app's enrolment ends at this time. */
  expiresAt?: Date;
  /** Wrong codes typed to confirm a pending app. */
  failedConfirmations: number;
  /** The last time step whose code was accepted: a code is used once, and never an older one. */
  lastUsedStep?: number;
  lastUsedAt?: Date;
}

export interface AuthenticatorAppStore {
  /** Stores a pending app, gone after its `expiresAt` unless confirmed. */
  savePending(accountId: string, app: AuthenticatorApp): Promise<void>;
  /** The account's apps, pending ones included (each read checks expiry itself). */
  list(accountId: string): Promise<AuthenticatorApp[]>;
  /** Reserves one confirmation try of a live pending app, before its code is compared: false when none is left. */
  reserveConfirmation(accountId: string, appId: string, maxFailures: number, now: Date): Promise<boolean>;
  /** Confirms a live pending app with the step of its first code: true for exactly one caller. */
  confirm(accountId: string, appId: string, step: number, at: Date): Promise<boolean>;
  /** Spends a time step of a confirmed app: true only if it is later than every step used before (replay refused). */
  useStep(accountId: string, appId: string, step: number, at: Date): Promise<boolean>;
  /** The removed app, or undefined when the account has no such app. */
  remove(accountId: string, appId: string): Promise<AuthenticatorApp | undefined>;
}

/**
 * Encrypts the secrets the server must read back (TOTP seeds), bound to a context (account and
 * factor ids): a sealed value copied to another record does not open. KMS in AWS, AES-256-GCM locally.
 */
export interface SecretSealer {
  seal(plaintext: string, context: Record<string, string>): Promise<string>;
  open(sealed: string, context: Record<string, string>): Promise<string>;
}
