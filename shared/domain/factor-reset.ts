import { randomUUID } from 'node:crypto';
import type { Account, AccountStore } from './accounts-ports';
import type { AuthenticatorAppStore } from './authenticator-apps-ports';
import { addSeconds, type Clock } from './clock';
import { composeEmail, type EmailTemplate } from './emails';
import type { Mailer } from './emails-ports';
import type { FactorReset, FactorResetStore } from './factor-reset-ports';
import { formatDateTime } from './i18n';
import type { PhoneStore } from './phones-ports';
import type { RecoveryCodeStore } from './recovery-codes-ports';
import { RULES } from './rules';
import type { SecurityKeyStore } from './security-keys-ports';
import { hashSecret, newSecretToken } from './secrets';
import type { SecurityEventLog } from './security-events';
import type { Session, SessionStore } from './sessions-ports';
import type { Workflows } from './workflows-ports';

/**
 * "J'ai perdu mon téléphone": someone who can sign in with the password but no longer has a
 * phone or a recovery code asks to remove the second factors. The owner is emailed at once with a
 * link to cancel; 72 hours later, unless cancelled, a Step Functions Wait ends in removing every
 * phone and recovery code, and the next password-only session may bind a new first phone.
 * Login.gov's account reset and GOV.UK One Login's "change how you get security codes" work so.
 */
export interface FactorResetDeps {
  accounts: AccountStore;
  factorResets: FactorResetStore;
  phones: PhoneStore;
  authenticatorApps: AuthenticatorAppStore;
  securityKeys: SecurityKeyStore;
  recoveryCodes: RecoveryCodeStore;
  sessions: SessionStore;
  mailer: Mailer;
  securityEvents: SecurityEventLog;
  clock: Clock;
  publicOrigin: string;
}

export type RequestResetResult = { outcome: 'requested'; resetAt: Date } | { outcome: 'reset_pending'; resetAt: Date };

const tell = async (deps: Pick<FactorResetDeps, 'mailer' | 'clock'>, account: Account, template: EmailTemplate, params: Record<string, string> = {}) =>
  deps.mailer.send(
    composeEmail(account.email, account.emailLanguage, template, {
      firstName: account.firstName,
      lastName: account.lastName,
      at: formatDateTime(account.emailLanguage, deps.clock.now()),
      ...params,
    }),
  );

/** Ends every session of the account; says how many were still alive. */
const endAllSessions = async (deps: Pick<FactorResetDeps, 'sessions' | 'clock'>, accountId: string): Promise<number> => {
  const now = deps.clock.now();
  return (await deps.sessions.removeAllOf(accountId)).filter((session) => session.idleExpiresAt > now && session.absoluteExpiresAt > now).length;
};

/**
 * Asks for the reset. One in flight per account: a second request changes nothing (neither the
 * date nor the link) and says when the first one happens. The email goes before the workflow
 * starts: a reset the owner was not told about must never run.
 */
export const requestFactorReset = async (deps: FactorResetDeps & { workflows: Workflows }, session: Session): Promise<RequestResetResult> => {
  const account = (await deps.accounts.findById(session.accountId))!;
  const token = newSecretToken();
  const now = deps.clock.now();
  const reset: FactorReset = {
    accountId: account.accountId,
    resetId: randomUUID(),
    tokenHash: hashSecret(token),
    requestedAt: now,
    resetAt: addSeconds(now, RULES.secondFactorResetDelaySeconds),
    status: 'pending',
  };
  if (!(await deps.factorResets.start(reset))) {
    const pending = await deps.factorResets.find(account.accountId);
    return { outcome: 'reset_pending', resetAt: pending?.resetAt ?? reset.resetAt };
  }
  try {
    await tell(deps, account, 'secondFactorResetRequested', {
      resetAt: formatDateTime(account.emailLanguage, reset.resetAt),
      link: `${deps.publicOrigin}/cancel-reset#token=${token}`,
    });
    await deps.workflows.startSecondFactorReset({ accountId: reset.accountId, resetId: reset.resetId, resetAt: reset.resetAt });
  } catch (error) {
    // Nothing half-done: the person may ask again.
    await deps.factorResets.cancel(reset);
    throw error;
  }
  deps.securityEvents.record({ type: 'second_factor_reset', accountId: account.accountId, outcome: 'requested', details: { resetId: reset.resetId } });
  return { outcome: 'requested', resetAt: reset.resetAt };
};

/** The pending reset of an account, for its owner's pages. */
export const pendingFactorReset = async (deps: Pick<FactorResetDeps, 'factorResets'>, accountId: string): Promise<Date | undefined> =>
  (await deps.factorResets.find(accountId))?.resetAt;

/**
 * The link in the email cancels a reset that has not started. Whoever asked knew the password:
 * every session of the account ends, and the owner is told to change the password.
 */
export const cancelFactorReset = async (deps: FactorResetDeps, token: string): Promise<'cancelled' | 'link_expired'> => {
  const owner = await deps.factorResets.findByToken(hashSecret(token));
  if (!owner) return 'link_expired';
  const reset = await deps.factorResets.find(owner.accountId);
  if (!reset || reset.resetId !== owner.resetId || reset.status !== 'pending' || reset.resetAt <= deps.clock.now()) return 'link_expired';
  if (!(await deps.factorResets.cancel(reset))) return 'link_expired';
  const ended = await endAllSessions(deps, reset.accountId);
  deps.securityEvents.record({
    type: 'second_factor_reset',
    accountId: reset.accountId,
    outcome: 'cancelled',
    details: { resetId: reset.resetId, sessionsEnded: ended },
  });
  const account = await deps.accounts.findById(reset.accountId);
  if (account) await tell(deps, account, 'secondFactorResetCancelled');
  return 'cancelled';
};

/**
 * The workflow's step once the delay is over: unless the reset was cancelled (or replaced), every
 * second factor of the account goes (phones, authenticator apps, security keys, recovery codes), and every session ends. Safe to retry.
 */
export const completeFactorReset = async (deps: FactorResetDeps, input: { accountId: string; resetId: string }): Promise<'completed' | 'cancelled'> => {
  const reset = await deps.factorResets.find(input.accountId);
  if (!reset || reset.resetId !== input.resetId || !(await deps.factorResets.claim(input.accountId, input.resetId))) return 'cancelled';
  const phones = await deps.phones.list(reset.accountId);
  for (const phone of phones) await deps.phones.remove(reset.accountId, phone.phoneId);
  // The lost phone may well be the one that held the authenticator app.
  for (const app of await deps.authenticatorApps.list(reset.accountId)) await deps.authenticatorApps.remove(reset.accountId, app.appId);
  for (const key of await deps.securityKeys.list(reset.accountId)) await deps.securityKeys.remove(reset.accountId, key.keyId);
  await deps.recoveryCodes.remove(reset.accountId);
  const ended = await endAllSessions(deps, reset.accountId);
  const account = await deps.accounts.findById(reset.accountId);
  // Told before the reset is forgotten: a retried step tells again rather than not at all.
  if (account) await tell(deps, account, 'secondFactorResetDone');
  await deps.factorResets.finish(reset);
  deps.securityEvents.record({
    type: 'second_factor_reset',
    accountId: reset.accountId,
    outcome: 'completed',
    details: { resetId: reset.resetId, phonesRemoved: phones.length, sessionsEnded: ended },
  });
  return 'completed';
};
