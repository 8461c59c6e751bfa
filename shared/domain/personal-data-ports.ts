import type { Account } from './accounts-ports';

/** What the table holds of one person, as a whole: for the right to erasure (GDPR art. 17). */
export interface PersonalDataStore {
  /**
   * Deletes every item of the account: its own partition (profile, phones, factors, recovery codes,
   * reset, RCAM pointer and history, session entries), the email and username that point to it,
   * its sessions, the OpenID provider's sessions, grants, codes and tokens issued to it, its live
   * password link, its reset's cancel token, its RCAM requests and letters and the rate-limit
   * counters kept under its id; and rewrites the audit records of its requests
   * under `pseudonym` (no name, email, phone or account id left). Running it again changes nothing.
   */
  erase(account: Account, pseudonym: string): Promise<void>;
}
