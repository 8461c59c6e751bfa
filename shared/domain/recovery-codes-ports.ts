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
