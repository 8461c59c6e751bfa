import type { Account } from './accounts-ports';

/**
 * What an unknown login is served instead of an account, so that it costs the same calls as a
 * known one (no account enumeration by behaviour or timing). Writes aimed at it find no item.
 */
export const NO_ACCOUNT_ID = 'no-such-account';

/** An account that does not exist, whose emails go to `mailTo`: a mailbox that accepts and drops them (SES's mailbox simulator). */
export const decoyAccount = (mailTo: string): Account => ({
  accountId: NO_ACCOUNT_ID,
  username: 'ZANELLAB',
  firstName: 'Bernard',
  lastName: 'Zanella',
  email: mailTo,
  emailLanguage: 'fr',
  createdAt: new Date(0).toISOString(),
});
