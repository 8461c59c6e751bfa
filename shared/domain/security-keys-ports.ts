import type { FirstFactor } from './sessions-ports';

/** A security key or passkey ("Token"): a WebAuthn credential, its public key only. */
export interface SecurityKey {
  /** Ours, for the account page and the URL that removes it. */
  keyId: string;
  /** The authenticator's credential id (base64url). */
  credentialId: string;
  /** COSE public key (base64url). */
  publicKey: string;
  /** The signature counter last seen: an authenticator that counts must count up. */
  counter: number;
  transports: string[];
  /** The person's name for it ("Clé bleue"). */
  name: string;
  /** Backup eligible (a synced passkey) as registered: a credential never changes this. */
  backupEligible: boolean;
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt?: Date;
}

export interface SecurityKeyStore {
  list(accountId: string): Promise<SecurityKey[]>;
  /** False when the account already has this credential. */
  add(accountId: string, key: SecurityKey): Promise<boolean>;
  /**
   * Records a use with its new counter, on the condition that the stored counter is still
   * `previousCounter` (the one the use was checked against): of two racing uses one fails.
   */
  recordUse(accountId: string, credentialId: string, previousCounter: number, counter: number, backedUp: boolean, at: Date): Promise<boolean>;
  /** The removed key, or undefined when the account has no such key. */
  remove(accountId: string, keyId: string): Promise<SecurityKey | undefined>;
}

export type WebauthnPurpose = 'register' | 'sign_in' | 'passwordless';

/** A WebAuthn challenge we issued: single use, short-lived. */
export interface WebauthnChallenge {
  challengeId: string;
  purpose: WebauthnPurpose;
  /** The account it was issued for; none for a passwordless sign-in (the passkey names it). */
  accountId?: string;
  /** The random challenge the authenticator signs (base64url). */
  challenge: string;
  expiresAt: Date;
  /** A sign-in's challenge after a national eID, not after the password. */
  firstFactor?: FirstFactor;
}

export interface WebauthnChallengeStore {
  save(challenge: WebauthnChallenge): Promise<void>;
  /** Removes and returns the challenge: it answers one response only, whatever the outcome. */
  take(challengeId: string): Promise<WebauthnChallenge | undefined>;
}
