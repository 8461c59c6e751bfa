import type { AccountStore } from './accounts-ports';
import { describeApp } from './authenticator-apps';
import type { AuthenticatorAppStore } from './authenticator-apps-ports';
import type { Clock } from './clock';
import type { FactorResetStore } from './factor-reset-ports';
import { maskNumber } from './phone-numbers';
import type { PhoneStore } from './phones-ports';
import type { RcamStore } from './rcam-ports';
import { recoveryCodesLeft } from './recovery-codes';
import type { RecoveryCodeStore } from './recovery-codes-ports';
import { describeKey } from './security-key-views';
import type { SecurityKeyStore } from './security-keys-ports';
import { entitlementsOf, type Entitlements } from './services';
import { isSecondFactor } from './sessions';
import type { Session } from './sessions-ports';

export type { EntitlementStatus } from './services';

export interface Profile {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  /** SES reported a permanent bounce or a complaint: no mail goes to `email` until it is changed. */
  emailUndeliverable?: { reason: 'bounce' | 'complaint'; at: string };
  emailLanguage: string;
  /** Numbers in full for a session proven by a second factor, else masked (last two digits). */
  phones: Array<{ phoneId: string; phoneNumber: string; addedAt: string; lastUsedAt?: string }>;
  /** Confirmed authenticator apps ("Jeton logiciel"): when added, when last used; never the secret. */
  authenticatorApps: Array<ReturnType<typeof describeApp>>;
  /** Security keys and passkeys ("Token"), by the names their owner gave them. */
  securityKeys: Array<ReturnType<typeof describeKey>>;
  session: { assurance: Session['assurance']; authenticatedAt: string };
  roles: string[];
  /** Unused recovery codes (never the codes themselves). */
  recoveryCodesLeft: number;
  /** "J'ai perdu mon téléphone" in flight: when the phones go, unless cancelled. */
  secondFactorReset?: { resetAt: string };
  /** RCAM en ligne, My Intracomm and PMO-CONTACT: none, pending until their date, then active. */
  entitlements: Entitlements;
}

/**
 * What a signed-in person may see of their account: never a hash, a token or a counter. Its seven
 * reads are independent, so they run together: `GET /me` waits for the slowest, not for the sum.
 */
export const profileOf = async (
  deps: {
    accounts: AccountStore;
    phones: PhoneStore;
    authenticatorApps: AuthenticatorAppStore;
    securityKeys: SecurityKeyStore;
    rcam: RcamStore;
    recoveryCodes: RecoveryCodeStore;
    factorResets: FactorResetStore;
    clock: Clock;
  },
  session: Session,
): Promise<Profile | undefined> => {
  const { accountId } = session;
  const [account, phones, apps, keys, request, reset, codesLeft] = await Promise.all([
    deps.accounts.findById(accountId),
    deps.phones.list(accountId),
    deps.authenticatorApps.list(accountId),
    deps.securityKeys.list(accountId),
    deps.rcam.currentOf(accountId),
    deps.factorResets.find(accountId),
    recoveryCodesLeft(deps, accountId),
  ]);
  if (!account) return undefined;
  const now = deps.clock.now();
  return {
    username: account.username,
    firstName: account.firstName,
    lastName: account.lastName,
    email: account.email,
    ...(account.emailUndeliverable && { emailUndeliverable: { reason: account.emailUndeliverable.reason, at: account.emailUndeliverable.at } }),
    emailLanguage: account.emailLanguage,
    // A password alone does not reveal the second factor: whoever holds only the password sees ••••••••56.
    phones: phones.map((phone) => ({
      phoneId: phone.phoneId,
      phoneNumber: isSecondFactor(session.assurance) ? phone.phoneNumber : maskNumber(phone.phoneNumber),
      addedAt: phone.addedAt.toISOString(),
      lastUsedAt: phone.lastUsedAt?.toISOString(),
    })),
    authenticatorApps: apps
      .filter((app) => app.confirmedAt)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map(describeApp),
    // In the order they were added (the store keeps them by credential id), then by name.
    securityKeys: [...keys].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.name.localeCompare(b.name)).map(describeKey),
    session: { assurance: session.assurance, authenticatedAt: session.authenticatedAt.toISOString() },
    roles: account.roles ?? [],
    recoveryCodesLeft: codesLeft,
    ...(reset && { secondFactorReset: { resetAt: reset.resetAt.toISOString() } }),
    entitlements: entitlementsOf(request, account, now),
  };
};
