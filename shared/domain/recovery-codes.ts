import { randomBytes } from 'node:crypto';
import type { Account, AccountStore } from './accounts-ports';
import type { Clock } from './clock';
import { formatCode, newCode, normaliseCode, UNAMBIGUOUS_ALPHABET } from './codes';
import { composeEmail } from './emails';
import type { Mailer } from './emails-ports';
import type { CodeHasher } from './hashing-ports';
import { formatDateTime } from './i18n';
import type { RecoveryCodeSet, RecoveryCodeStore } from './recovery-codes-ports';
import { RULES, type Limits } from './rules';
import type { SecurityEventLog } from './security-events';
import { isSecondFactor } from './sessions';
import type { Session } from './sessions-ports';

/**
 * Recovery codes (Login.gov's "backup codes"): ten single-use codes of 12 characters from the
 * CSPRNG over the unambiguous alphabet (about 59 bits each), shown once as XXXX-XXXX-XXXX. Under
 * 112 bits, NIST SP 800-63B wants them salted and hashed with a slow function: argon2id, one salt
 * per set, so that a typed code is found by its digest with one hash.
 */
export const RECOVERY_CODES = { count: RULES.recoveryCodeCount, length: 12, group: 4 } as const;

export interface RecoveryCodeDeps {
  recoveryCodes: RecoveryCodeStore;
  codeHasher: CodeHasher;
  clock: Clock;
}

const CODE_SHAPE = new RegExp(`^[${UNAMBIGUOUS_ALPHABET}]{${RECOVERY_CODES.length}}$`);

/** A new set: the codes as shown to the person, and what is stored of them. */
const newSet = async (deps: RecoveryCodeDeps): Promise<{ codes: string[]; set: RecoveryCodeSet }> => {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODES.count) codes.add(newCode(RECOVERY_CODES.length));
  const salt = randomBytes(16).toString('base64url');
  const digests: string[] = [];
  // One after the other: argon2id takes its memory per hash, and a Lambda has little to spare.
  for (const code of codes) digests.push(await deps.codeHasher.digest(code, salt));
  return { codes: [...codes].map((code) => formatCode(code, RECOVERY_CODES.group)), set: { salt, digests, createdAt: deps.clock.now() } };
};

/**
 * The codes of an account's first set, when a phone is confirmed and the account has none yet (the
 * first phone, or the first after a second-factor reset); undefined otherwise. Shown once, never again.
 */
export const issueFirstRecoveryCodes = async (
  deps: RecoveryCodeDeps & { securityEvents: SecurityEventLog },
  accountId: string,
): Promise<string[] | undefined> => {
  if (await deps.recoveryCodes.find(accountId)) return undefined;
  const { codes, set } = await newSet(deps);
  if (!(await deps.recoveryCodes.createFirst(accountId, set))) return undefined;
  deps.securityEvents.record({ type: 'recovery_codes_issued', accountId, outcome: 'first_set', details: { count: codes.length } });
  return codes;
};

export type RenewResult = { outcome: 'renewed'; recoveryCodes: string[] } | { outcome: 'step_up_required' } | { outcome: 'reauthentication_required' };

/** A new set from a session with a second factor and a recent sign-in; the old codes die and the owner is told. */
export const renewRecoveryCodes = async (
  deps: RecoveryCodeDeps & { accounts: AccountStore; mailer: Mailer; limits: Limits; securityEvents: SecurityEventLog },
  session: Session,
): Promise<RenewResult> => {
  if (!isSecondFactor(session.assurance)) return { outcome: 'step_up_required' };
  const age = (deps.clock.now().getTime() - session.authenticatedAt.getTime()) / 1000;
  if (age >= deps.limits.recentAuthenticationSeconds) return { outcome: 'reauthentication_required' };
  const { codes, set } = await newSet(deps);
  await deps.recoveryCodes.replace(session.accountId, set);
  deps.securityEvents.record({ type: 'recovery_codes_issued', accountId: session.accountId, outcome: 'renewed', details: { count: codes.length } });
  const account = (await deps.accounts.findById(session.accountId))!;
  await deps.mailer.send(
    composeEmail(account.email, account.emailLanguage, 'recoveryCodesRenewed', {
      firstName: account.firstName,
      lastName: account.lastName,
      at: formatDateTime(account.emailLanguage, deps.clock.now()),
    }),
  );
  return { outcome: 'renewed', recoveryCodes: codes };
};

/**
 * Spends one recovery code of the account in place of an SMS code: true for exactly one of any
 * concurrent uses of a code. The owner is emailed (with how many are left) and the use recorded.
 */
export const spendRecoveryCode = async (
  deps: RecoveryCodeDeps & { mailer: Mailer; securityEvents: SecurityEventLog },
  account: Account,
  typed: string,
): Promise<boolean> => {
  const code = normaliseCode(typed);
  const set = await deps.recoveryCodes.find(account.accountId);
  // Not the shape of a code, or no set: nothing to hash. Either way a failed sign-in, as the caller counts it.
  if (!set || set.left === 0 || !CODE_SHAPE.test(code)) return false;
  const spent = await deps.recoveryCodes.use(account.accountId, set.salt, await deps.codeHasher.digest(code, set.salt));
  if (!spent.used) return false;
  deps.securityEvents.record({ type: 'recovery_code_used', accountId: account.accountId, outcome: 'success', details: { left: spent.left } });
  await deps.mailer.send(
    composeEmail(account.email, account.emailLanguage, 'recoveryCodeUsed', {
      firstName: account.firstName,
      lastName: account.lastName,
      at: formatDateTime(account.emailLanguage, deps.clock.now()),
      left: String(spent.left),
    }),
  );
  return true;
};

/** How many unused codes the account has (0 without a set). */
export const recoveryCodesLeft = async (deps: Pick<RecoveryCodeDeps, 'recoveryCodes'>, accountId: string): Promise<number> =>
  (await deps.recoveryCodes.find(accountId))?.left ?? 0;
