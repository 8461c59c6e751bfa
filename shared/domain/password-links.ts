import type { Funnel } from './funnel';
import type { Account, AccountStore, PasswordLink } from './accounts-ports';
import { addSeconds, type Clock } from './clock';
import { decoyAccount } from './decoys';
import { composeEmail } from './emails';
import type { Mailer } from './emails-ports';
import type { PasswordHasher } from './hashing-ports';
import { formatDateTime } from './i18n';
import { brokenPasswordRules, type PasswordRule } from './password-policy';
import type { RateLimiter } from './rate-limits-ports';
import { RULES } from './rules';
import { hashSecret, newSecretToken } from './secrets';
import type { SecurityEventLog } from './security-events';
import { endSessions, openSession, type SessionDeps } from './sessions';
import type { TaskCallbacks } from './workflows-ports';

export interface LinkDeps {
  accounts: AccountStore;
  mailer: Mailer;
  clock: Clock;
  publicOrigin: string;
}

/**
 * Makes a new 24-hour link the account's only live one and emails it. The token exists only in that
 * email. For the decoy account the write finds no account and the email goes to the decoy mailbox.
 */
const issueLink = async (deps: LinkDeps, account: Account, activationTaskToken?: string, decoy = false): Promise<void> => {
  const token = newSecretToken();
  const expiresAt = addSeconds(deps.clock.now(), RULES.passwordLinkLifetimeSeconds);
  const saved = await deps.accounts.saveLink({ linkHash: hashSecret(token), accountId: account.accountId, expiresAt }, activationTaskToken);
  if (!saved && !decoy) return; // the account was removed meanwhile
  const language = account.emailLanguage;
  await deps.mailer.send(
    composeEmail(account.email, language, 'passwordLink', {
      firstName: account.firstName,
      lastName: account.lastName,
      username: account.username,
      link: `${deps.publicOrigin}/set-password#token=${token}`,
      expiresAt: formatDateTime(language, expiresAt),
    }),
  );
};

/**
 * The activation workflow's step after its 15-minute wait: email the first link and leave the
 * workflow waiting on `taskToken` until the password is set. An account that no longer needs a
 * link (password already set through "lost password", or removed) resumes the workflow at once.
 */
export const sendActivationLink = async (deps: LinkDeps & { callbacks: TaskCallbacks }, input: { accountId: string; taskToken: string }): Promise<void> => {
  const account = await deps.accounts.findById(input.accountId);
  if (!account || account.passwordHash) {
    await deps.callbacks.succeed(input.taskToken, { outcome: account ? 'already_active' : 'account_gone' });
    return;
  }
  await issueLink(deps, account, input.taskToken);
};

/**
 * "Lost password" and "send me another link": a known login gets a fresh link at once; an unknown
 * one, or one that had its share this hour, nothing. The caller cannot tell which, not even by the
 * work done: an unknown login takes a slot of its own, writes a link that finds no account, and
 * sends its email to the decoy mailbox, the same calls in the same order.
 */
export const requestPasswordLink = async (deps: LinkDeps & { rateLimiter: RateLimiter; decoyMailTo: string }, login: string): Promise<void> => {
  const account = await deps.accounts.findByLogin(login);
  const key = account ? account.accountId : `login:${hashSecret(login.trim().toLowerCase())}`;
  const slot = await deps.rateLimiter.take(`LINK#${key}`, deps.clock.now(), [RULES.passwordLinkRequests]);
  if (slot.allowed) await issueLink(deps, account ?? decoyAccount(deps.decoyMailTo), undefined, !account);
};

type LiveLink = { outcome: 'live'; account: Account; link: PasswordLink } | { outcome: 'link_expired' };

/** A link is live until its 24 hours are up, it is used, or a newer link replaces it. All look alike to the caller. */
const findLiveLink = async (deps: Pick<LinkDeps, 'accounts' | 'clock'>, token: string): Promise<LiveLink> => {
  const linkHash = hashSecret(token);
  const link = await deps.accounts.findLink(linkHash);
  if (!link || link.expiresAt <= deps.clock.now()) return { outcome: 'link_expired' };
  const account = await deps.accounts.findById(link.accountId);
  if (!account || account.currentLinkHash !== linkHash) return { outcome: 'link_expired' };
  return { outcome: 'live', account, link };
};

export type LookupResult = { outcome: 'live'; username: string; expiresAt: Date } | { outcome: 'link_expired' };

/** What the set-password page shows before the person types: whose link it is and until when. */
export const lookupPasswordLink = async (deps: Pick<LinkDeps, 'accounts' | 'clock'>, token: string): Promise<LookupResult> => {
  const live = await findLiveLink(deps, token);
  return live.outcome === 'live' ? { outcome: 'live', username: live.account.username, expiresAt: live.link.expiresAt } : live;
};

export type SetPasswordResult =
  { outcome: 'password_set'; sessionToken: string } | { outcome: 'link_expired' } | { outcome: 'password_policy'; broken: PasswordRule[] };

export interface SetPasswordDeps extends SessionDeps {
  accounts: AccountStore;
  hasher: PasswordHasher;
  callbacks: TaskCallbacks;
  mailer: Mailer;
  securityEvents: SecurityEventLog;
  funnel: Funnel;
  publicOrigin: string;
}

/**
 * Sets the password through a live link, uses the link up (of two concurrent uses exactly one
 * wins), resumes the activation workflow if it waits, and signs the person in. A password that
 * replaces another ends every session of the account (the new one opens after), and the owner is
 * told by email: if it was not them, someone holds their mailbox.
 */
export const setPassword = async (deps: SetPasswordDeps, token: string, password: string): Promise<SetPasswordResult> => {
  const live = await findLiveLink(deps, token);
  if (live.outcome !== 'live') return live;
  const broken = brokenPasswordRules(password, live.account.username);
  if (broken.length > 0) return { outcome: 'password_policy', broken };
  const passwordHash = await deps.hasher.hash(password);
  const now = deps.clock.now();
  if (!(await deps.accounts.setPasswordWithLink(live.link, passwordHash, now))) return { outcome: 'link_expired' };
  const { account } = live;
  if (account.activationTaskToken) {
    // 'gone' means the workflow already timed out or ended: the password is set all the same.
    await deps.callbacks.succeed(account.activationTaskToken, { outcome: 'password_set' });
  }
  const changed = account.passwordHash !== undefined;
  deps.securityEvents.record({ type: 'password_changed', accountId: account.accountId, outcome: 'success', details: { via: 'link', first: !changed } });
  await endSessions(deps, account.accountId, 'password_changed');
  // The very first password (activation) replaces nothing: no one to warn.
  if (changed) await notifyPasswordChanged(deps, account, now);
  else deps.funnel.passed('PasswordsSet');
  return { outcome: 'password_set', sessionToken: await openSession(deps, account.accountId, 'password') };
};

const notifyPasswordChanged = async (deps: Pick<SetPasswordDeps, 'mailer' | 'publicOrigin'>, account: Account, at: Date) => {
  const language = account.emailLanguage;
  await deps.mailer.send(
    composeEmail(account.email, language, 'passwordChanged', {
      firstName: account.firstName,
      lastName: account.lastName,
      username: account.username,
      at: formatDateTime(language, at),
      lostPasswordLink: `${deps.publicOrigin}/lost-password`,
    }),
  );
};
