import { randomUUID } from 'node:crypto';
import { checkCode, sendChallenge, type ChallengeDeps, type SmsRefusal } from './challenges';
import { composeEmail } from './emails';
import { formatDateTime } from './i18n';
import type { AccountStore, Mailer, Phone, PhoneStore, Session } from './ports';
import { maskNumber } from './phone-numbers';

export interface PhoneDeps extends ChallengeDeps {
  accounts: AccountStore;
  phones: PhoneStore;
  mailer: Mailer;
}

export type StartResult =
  | { outcome: 'challenge_sent'; challengeId: string; expiresAt: Date }
  | { outcome: 'reauthentication_required' }
  | { outcome: 'phone_exists' }
  | SmsRefusal;

/** Adding a phone needs a fresh sign-in (the first phone is added right after the password is set). */
export const startAddingPhone = async (deps: PhoneDeps, session: Session, phoneNumber: string): Promise<StartResult> => {
  const age = (deps.clock.now().getTime() - session.authenticatedAt.getTime()) / 1000;
  if (age >= deps.limits.recentAuthenticationSeconds) return { outcome: 'reauthentication_required' };
  if ((await deps.phones.list(session.accountId)).some((phone) => phone.phoneNumber === phoneNumber)) return { outcome: 'phone_exists' };
  const account = (await deps.accounts.findById(session.accountId))!;
  const sent = await sendChallenge(deps, { purpose: 'add_phone', accountId: session.accountId, phoneNumber, language: account.emailLanguage });
  return sent.outcome === 'sent' ? { outcome: 'challenge_sent', challengeId: sent.challengeId, expiresAt: sent.expiresAt } : sent;
};

export type ConfirmResult = { outcome: 'added'; phone: Phone } | { outcome: 'invalid_code' } | { outcome: 'challenge_expired' } | { outcome: 'phone_exists' };

/** The code from the SMS proves the phone: it joins the account, and the owner is told by email. */
export const confirmPhone = async (deps: PhoneDeps, session: Session, request: { challengeId: string; code: string }): Promise<ConfirmResult> => {
  const checked = await checkCode(deps, { ...request, purpose: 'add_phone', accountId: session.accountId });
  if (checked.outcome !== 'accepted') return { outcome: checked.outcome };
  const phone: Phone = { phoneId: randomUUID(), phoneNumber: checked.challenge.phoneNumber, addedAt: deps.clock.now() };
  if (!(await deps.phones.add(session.accountId, phone))) return { outcome: 'phone_exists' };
  await notify(deps, session.accountId, 'phoneAdded', phone);
  return { outcome: 'added', phone };
};

/** Removing a phone needs a session proven by SMS; the owner is told by email. */
export const removePhone = async (deps: PhoneDeps, session: Session, phoneId: string): Promise<'removed' | 'not_found' | 'step_up_required'> => {
  if (session.assurance !== 'sms') return 'step_up_required';
  const removed = await deps.phones.remove(session.accountId, phoneId);
  if (!removed) return 'not_found';
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
