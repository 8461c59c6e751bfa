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
