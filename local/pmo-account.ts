import { randomUUID } from 'node:crypto';
import { addSeconds } from '#domain/clock';
import { mobileNumber } from '#domain/phone-numbers';
import { PMO_ROLE } from '#domain/roles';
import { hashSecret, newSecretToken } from '#domain/secrets';
import { usernameCandidates } from '#domain/username';
import type { Dependencies } from '#shared/dependencies';

export interface LocalPmo {
  email: string;
  password: string;
  phone: string;
}

export const localPmoSettings = (env: NodeJS.ProcessEnv = process.env): LocalPmo => ({
  email: env.LOCAL_PMO_EMAIL ?? 'pmo@example.org',
  password: env.LOCAL_PMO_PASSWORD ?? 'Relecture PMO 2026',
  phone: env.LOCAL_PMO_PHONE ?? '+32470000001',
});

/**
 * Makes sure the local PMO reviewer exists, with its password, its verified phone and the "pmo"
 * role, through the same store operations the service uses (a link issued and used at once).
 */
export const ensureLocalPmo = async (deps: Dependencies, pmo: LocalPmo): Promise<string> => {
  const phone = mobileNumber(pmo.phone);
  if (!phone) throw new Error(`LOCAL_PMO_PHONE is not a mobile number: ${pmo.phone}`);
  const now = deps.clock.now();
  const created = await deps.accounts.create(
    { accountId: randomUUID(), firstName: 'Agent', lastName: 'PMO', email: pmo.email, emailLanguage: 'fr', createdAt: now.toISOString() },
    usernameCandidates('Agent', 'PMO'),
  );
  const account = created.outcome === 'created' ? created.account : created.existing;
  // The password follows LOCAL_PMO_PASSWORD at every start.
  const link = { linkHash: hashSecret(newSecretToken()), accountId: account.accountId, expiresAt: addSeconds(now, 60) };
  await deps.accounts.saveLink(link);
  await deps.accounts.setPasswordWithLink(link, await deps.hasher.hash(pmo.password), now);
  await deps.phones.add(account.accountId, { phoneId: randomUUID(), phoneNumber: phone, addedAt: now });
  await deps.accounts.grantRole(account.accountId, PMO_ROLE);
  return account.username;
};
