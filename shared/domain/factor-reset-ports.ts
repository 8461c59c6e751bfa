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
