/** Why mail no longer goes to an address: SES reported a permanent bounce, or the recipient's complaint. */
export type UndeliverableReason = 'bounce' | 'complaint';

/** Marked on the account whose address it is; shown on its page. */
export interface EmailUndeliverable {
  reason: UndeliverableReason;
  /** ISO instant the event was recorded. */
  at: string;
}

/** A change of address waiting for the proof of the new mailbox: the link's token exists only there, hashed here. */
export interface EmailChange {
  changeHash: string;
  accountId: string;
  newEmail: string;
  expiresAt: Date;
}

/** The suppression list (addresses no mail goes to) and the changes of address, in the accounts' table. */
export interface MailDeliveryStore {
  /** Puts the address on the suppression list and marks the account using it, if any: its id, or undefined. */
  markUndeliverable(email: string, reason: UndeliverableReason, at: Date): Promise<string | undefined>;
  isSuppressed(email: string): Promise<boolean>;
  /** Stores the change and makes it the account's only live one; false when the account is gone. */
  saveEmailChange(change: EmailChange): Promise<boolean>;
  findEmailChange(changeHash: string): Promise<EmailChange | undefined>;
  /**
   * In one transaction: the new address becomes the account's (its unique item written, the old one
   * deleted), the undeliverable mark goes, the change is used up. False, nothing written, when the
   * change is no longer the account's live one, or the new address was taken meanwhile.
   */
  completeEmailChange(change: EmailChange, oldEmail: string, at: Date): Promise<boolean>;
}
