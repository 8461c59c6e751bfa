import type { Account } from './accounts-ports';
import type { AuthenticatorApp } from './authenticator-apps-ports';
import type { FactorReset } from './factor-reset-ports';
import type { Phone } from './phones-ports';
import type { SecurityKey } from './security-keys-ports';

/** What an account holds beside itself, as the stores of each would give it, read at once. */
export interface AccountItems {
  account: Account;
  /** In the order they were added. */
  phones: Phone[];
  authenticatorApps: AuthenticatorApp[];
  securityKeys: SecurityKey[];
  /** The RCAM request in force (see RcamStore.currentOf), by id. */
  rcamRequestId?: string;
  factorReset?: FactorReset;
  recoveryCodesLeft: number;
}

/** GET /me's one read of an account: its items together (one query of the account's partition). */
export interface AccountItemsReader {
  itemsOf(accountId: string): Promise<AccountItems | undefined>;
}
