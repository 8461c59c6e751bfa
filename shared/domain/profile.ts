import type { AccountStore, PhoneStore, Session } from './ports';

export type EntitlementStatus = 'none' | 'pending' | 'active';

export interface Profile {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  emailLanguage: string;
  phones: Array<{ phoneId: string; phoneNumber: string; addedAt: string }>;
  session: { assurance: Session['assurance']; authenticatedAt: string };
  roles: string[];
  entitlements: { rcam: { status: EntitlementStatus; availableFrom?: string }; myIntracomm: { status: EntitlementStatus; availableFrom?: string } };
}

/** What a signed-in person may see of their account: never a hash, a token or a counter. */
export const profileOf = async (deps: { accounts: AccountStore; phones: PhoneStore }, session: Session): Promise<Profile | undefined> => {
  const account = await deps.accounts.findById(session.accountId);
  if (!account) return undefined;
  const phones = await deps.phones.list(session.accountId);
  return {
    username: account.username,
    firstName: account.firstName,
    lastName: account.lastName,
    email: account.email,
    emailLanguage: account.emailLanguage,
    phones: phones.map((phone) => ({ phoneId: phone.phoneId, phoneNumber: phone.phoneNumber, addedAt: phone.addedAt.toISOString() })),
    session: { assurance: session.assurance, authenticatedAt: session.authenticatedAt.toISOString() },
    roles: account.roles ?? [],
    // RCAM en ligne and My Intracomm open through the registered-letter code (a later issue).
    entitlements: { rcam: { status: 'none' }, myIntracomm: { status: 'none' } },
  };
};
