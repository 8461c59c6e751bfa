import { describeApp } from './authenticator-apps';
import type { Clock } from './clock';
import { maskNumber } from './phone-numbers';
import type { AccountItemsReader } from './profile-ports';
import type { RcamStore } from './rcam-ports';
import { describeKey } from './security-key-views';
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
 * What a signed-in person may see of their account: never a hash, a token or a counter. Two reads:
 * the account's items together (they share its partition), then the RCAM request they point to.
 */
export const profileOf = async (
  deps: { accountItems: AccountItemsReader; rcam: Pick<RcamStore, 'find'>; clock: Clock },
  session: Session,
): Promise<Profile | undefined> => {
  const items = await deps.accountItems.itemsOf(session.accountId);
  if (!items) return undefined;
  const { account, phones, authenticatorApps: apps, securityKeys: keys, factorReset: reset, recoveryCodesLeft: codesLeft } = items;
  const request = items.rcamRequestId ? await deps.rcam.find(items.rcamRequestId) : undefined;
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
