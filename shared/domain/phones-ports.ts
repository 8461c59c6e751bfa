export interface Phone {
  phoneId: string;
  /** E.164. */
  phoneNumber: string;
  addedAt: Date;
  /** The last sign-in proven by a code sent to it. */
  lastUsedAt?: Date;
}

/** The mobile phones of accounts. A number appears at most once per account. */
export interface PhoneStore {
  list(accountId: string): Promise<Phone[]>;
  /** False when the account already has this number. */
  add(accountId: string, phone: Phone): Promise<boolean>;
  /** Records a sign-in proven by a code sent to this number (nothing if it was removed meanwhile). */
  markUsed(accountId: string, phoneNumber: string, at: Date): Promise<void>;
  /** The removed phone, or undefined if the account has no such phone. */
  remove(accountId: string, phoneId: string): Promise<Phone | undefined>;
}
