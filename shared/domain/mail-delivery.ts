import type { AccountStore } from './accounts-ports';
import { addSeconds, type Clock } from './clock';
import { composeEmail } from './emails';
import type { Mailer } from './emails-ports';
import { formatDateTime } from './i18n';
import type { MailDeliveryStore, UndeliverableReason } from './mail-delivery-ports';
import type { RateLimiter } from './rate-limits-ports';
import { RULES } from './rules';
import { hashSecret, newSecretToken } from './secrets';
import type { SecurityEventLog } from './security-events';
import { isSecondFactor } from './sessions';
import type { Session } from './sessions-ports';

export interface MailDeliveryDeps {
  accounts: AccountStore;
  mailDelivery: MailDeliveryStore;
  mailer: Mailer;
  rateLimiter: RateLimiter;
  clock: Clock;
  securityEvents: SecurityEventLog;
  publicOrigin: string;
}

/** A mailer that sends nothing to an address on the suppression list (bounced or complained): nothing more goes there. */
export const suppressing = (mailer: Mailer, list: Pick<MailDeliveryStore, 'isSuppressed'>): Mailer => ({
  send: async (email) => {
    if (await list.isSuppressed(email.to)) return;
    await mailer.send(email);
  },
});

/**
 * SES told of a permanent bounce or a complaint: the addresses go on the suppression list, and the
 * accounts using them are marked (their page says so). Idempotent: SNS may deliver an event twice.
 */
export const recordMailEvent = async (
  deps: Pick<MailDeliveryDeps, 'mailDelivery' | 'clock' | 'securityEvents'>,
  event: { reason: UndeliverableReason; addresses: readonly string[] },
): Promise<void> => {
  const now = deps.clock.now();
  for (const address of new Set(event.addresses.map((a) => a.trim().toLowerCase()).filter(Boolean))) {
    const accountId = await deps.mailDelivery.markUndeliverable(address, event.reason, now);
    deps.securityEvents.record({ type: 'email_undeliverable', accountId, outcome: event.reason });
  }
};

export type RequestEmailChangeResult =
  { outcome: 'sent' } | { outcome: 'same_email' } | { outcome: 'step_up_required' } | { outcome: 'rate_limited'; retryAfterSeconds: number };

/**
 * "Change my address", from a session proven by SMS or stronger (the mailbox may be lost, the phone
 * is not). The link goes to the new address; the address changes only once it is followed. A new
 * address that is another account's gets that owner a notice instead, and the caller the same 202:
 * nobody learns which addresses have accounts.
 */
export const requestEmailChange = async (deps: MailDeliveryDeps, session: Session, newEmail: string): Promise<RequestEmailChangeResult> => {
  if (!isSecondFactor(session.assurance)) return { outcome: 'step_up_required' };
  const account = await deps.accounts.findById(session.accountId);
  if (!account) return { outcome: 'step_up_required' };
  if (account.email.toLowerCase() === newEmail.toLowerCase()) return { outcome: 'same_email' };
  const now = deps.clock.now();
  const slot = await deps.rateLimiter.take(`EMAILCHANGE#${account.accountId}`, now, [RULES.emailChangeRequests]);
  if (!slot.allowed) return { outcome: 'rate_limited', retryAfterSeconds: slot.retryAfterSeconds };
  deps.securityEvents.record({ type: 'email_change_requested', accountId: account.accountId, outcome: 'success' });
  const language = account.emailLanguage;
  const owner = await deps.accounts.findByLogin(newEmail);
  if (owner) {
    await deps.mailer.send(
      composeEmail(owner.email, owner.emailLanguage, 'emailChangeAttempt', { firstName: owner.firstName, lastName: owner.lastName, username: owner.username }),
    );
    return { outcome: 'sent' };
  }
  const token = newSecretToken();
  const expiresAt = addSeconds(now, RULES.emailChangeLinkLifetimeSeconds);
  if (!(await deps.mailDelivery.saveEmailChange({ changeHash: hashSecret(token), accountId: account.accountId, newEmail, expiresAt }))) {
    return { outcome: 'step_up_required' };
  }
  await deps.mailer.send(
    composeEmail(newEmail, language, 'emailChangeLink', {
      firstName: account.firstName,
      lastName: account.lastName,
      username: account.username,
      link: `${deps.publicOrigin}/confirm-email#token=${token}`,
      expiresAt: formatDateTime(language, expiresAt),
    }),
  );
  return { outcome: 'sent' };
};

export type ConfirmEmailChangeResult = { outcome: 'changed'; email: string } | { outcome: 'link_expired' };

/**
 * The link from the new mailbox: the address changes, the undeliverable mark goes, and the old
 * address is told (unless it is on the suppression list: then nothing goes there).
 */
export const confirmEmailChange = async (deps: MailDeliveryDeps, token: string): Promise<ConfirmEmailChangeResult> => {
  const now = deps.clock.now();
  const change = await deps.mailDelivery.findEmailChange(hashSecret(token));
  if (!change || change.expiresAt <= now) return { outcome: 'link_expired' };
  const account = await deps.accounts.findById(change.accountId);
  if (!account || !(await deps.mailDelivery.completeEmailChange(change, account.email, now))) return { outcome: 'link_expired' };
  deps.securityEvents.record({ type: 'email_changed', accountId: account.accountId, outcome: 'success' });
  const language = account.emailLanguage;
  await deps.mailer.send(
    composeEmail(account.email, language, 'emailChanged', {
      firstName: account.firstName,
      lastName: account.lastName,
      username: account.username,
      newEmail: change.newEmail,
      at: formatDateTime(language, now),
    }),
  );
  return { outcome: 'changed', email: change.newEmail };
};
