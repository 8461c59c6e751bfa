import type { Funnel } from './funnel';
import { randomUUID } from 'node:crypto';
import type { AccountStore } from './accounts-ports';
import type { AuthenticatorAppStore } from './authenticator-apps-ports';
import { checkCode, sendChallenge, type ChallengeDeps, type SmsRefusal } from './challenges';
import { composeEmail } from './emails';
import { factorsLeft } from './factors';
import type { Mailer } from './emails-ports';
import { formatDateTime } from './i18n';
import { maskNumber } from './phone-numbers';
import type { Phone, PhoneStore } from './phones-ports';
import type { SecurityKeyStore } from './security-keys-ports';
import { issueFirstRecoveryCodes, type RecoveryCodeDeps } from './recovery-codes';
import type { SecurityEventLog } from './security-events';
import { endSessions, isSecondFactor } from './sessions';
import type { Session, SessionStore } from './sessions-ports';

export interface PhoneDeps extends ChallengeDeps, RecoveryCodeDeps {
  accounts: AccountStore;
  phones: PhoneStore;
  authenticatorApps: AuthenticatorAppStore;
  securityKeys: SecurityKeyStore;
  sessions: SessionStore;
  mailer: Mailer;
  securityEvents: SecurityEventLog;
  funnel: Funnel;
}

export type StartResult =
  | { outcome: 'challenge_sent'; challengeId: string; expiresAt: Date }
  | { outcome: 'step_up_required' }
  | { outcome: 'reauthentication_required' }
  | { outcome: 'phone_exists' }
  | SmsRefusal;

/**
 * Factor binding: a password alone may bind the account's first phone (the manual's step 8, right
 * after the password is set), never another one: once the account has a second factor (a phone, an
 * authenticator app, recovery codes), only a session proven by one may add phones, else the
 * password would be the only factor after all.
 */
const mayBindPhone = async (deps: PhoneDeps, session: Session): Promise<boolean> =>
  isSecondFactor(session.assurance) || (await factorsLeft(deps, session.accountId)) === 0;

/** Adding a phone needs a fresh sign-in, and a second factor once the account has one. */
export const startAddingPhone = async (deps: PhoneDeps, session: Session, phoneNumber: string): Promise<StartResult> => {
  const phones = await deps.phones.list(session.accountId);
  // Before anything about the number: a password alone must not learn which numbers are on the account.
  if (!(await mayBindPhone(deps, session))) return { outcome: 'step_up_required' };
  const age = (deps.clock.now().getTime() - session.authenticatedAt.getTime()) / 1000;
  if (age >= deps.limits.recentAuthenticationSeconds) return { outcome: 'reauthentication_required' };
  if (phones.some((phone) => phone.phoneNumber === phoneNumber)) return { outcome: 'phone_exists' };
  const account = (await deps.accounts.findById(session.accountId))!;
  const sent = await sendChallenge(deps, { purpose: 'add_phone', accountId: session.accountId, phoneNumber, language: account.emailLanguage });
  return sent.outcome === 'sent' ? { outcome: 'challenge_sent', challengeId: sent.challengeId, expiresAt: sent.expiresAt } : sent;
};

export type ConfirmResult =
  | { outcome: 'added'; phone: Phone; recoveryCodes?: string[] }
  | { outcome: 'invalid_code' }
  | { outcome: 'challenge_expired' }
  | { outcome: 'phone_exists' }
  | { outcome: 'step_up_required' };

/**
 * The code from the SMS proves the phone: it joins the account, and the owner is told by email.
 * The account's first phone also brings its recovery codes, shown this once.
 */
export const confirmPhone = async (deps: PhoneDeps, session: Session, request: { challengeId: string; code: string }): Promise<ConfirmResult> => {
  // Asked again: a phone may have been confirmed since this challenge was sent.
  if (!(await mayBindPhone(deps, session))) return { outcome: 'step_up_required' };
  const checked = await checkCode(deps, { ...request, purpose: 'add_phone', accountId: session.accountId });
  if (checked.outcome !== 'accepted') return { outcome: checked.outcome };
  const phone: Phone = { phoneId: randomUUID(), phoneNumber: checked.challenge.phoneNumber, addedAt: deps.clock.now() };
  if (!(await deps.phones.add(session.accountId, phone))) return { outcome: 'phone_exists' };
  deps.securityEvents.record({
    type: 'phone_added',
    accountId: session.accountId,
    outcome: 'success',
    details: { phoneId: phone.phoneId, assurance: session.assurance },
  });
  await notify(deps, session.accountId, 'phoneAdded', phone);
  // The journey's step is the account's first phone; more phones are not more people.
  if ((await deps.phones.list(session.accountId)).length === 1) deps.funnel.passed('PhonesConfirmed');
  return { outcome: 'added', phone, recoveryCodes: await issueFirstRecoveryCodes(deps, session.accountId) };
};

/**
 * Removing a phone needs a session proven by a second factor, and never takes the account's last
 * factor; the owner is told by email, and every other session of the account ends (one of them may
 * be the thief's).
 */
export const removePhone = async (
  deps: PhoneDeps,
  session: Session,
  phoneId: string,
): Promise<'removed' | 'not_found' | 'step_up_required' | 'last_factor'> => {
  if (!isSecondFactor(session.assurance)) return 'step_up_required';
  const phones = await deps.phones.list(session.accountId);
  if (!phones.some((phone) => phone.phoneId === phoneId)) return 'not_found';
  if ((await factorsLeft(deps, session.accountId)) <= 1) return 'last_factor';
  const removed = await deps.phones.remove(session.accountId, phoneId);
  if (!removed) return 'not_found';
  deps.securityEvents.record({ type: 'phone_removed', accountId: session.accountId, outcome: 'success', details: { phoneId } });
  await endSessions(deps, session.accountId, 'phone_removed', session);
  await notify(deps, session.accountId, 'phoneRemoved', removed);
  return 'removed';
};

const notify = async (deps: PhoneDeps, accountId: string, template: 'phoneAdded' | 'phoneRemoved', phone: Phone) => {
  const account = (await deps.accounts.findById(accountId))!;
  await deps.mailer.send(
    composeEmail(account.email, account.emailLanguage, template, {
      firstName: account.firstName,
      lastName: account.lastName,
      phoneNumber: maskNumber(phone.phoneNumber),
      at: formatDateTime(account.emailLanguage, deps.clock.now()),
    }),
  );
};
