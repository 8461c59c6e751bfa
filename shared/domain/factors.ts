import type { AccountStore } from './accounts-ports';
import type { AuthenticatorAppStore } from './authenticator-apps-ports';
import type { Clock } from './clock';
import { composeEmail } from './emails';
import type { Mailer } from './emails-ports';
import { formatDateTime, translate } from './i18n';
import type { Limits } from './rules';
import type { PhoneStore } from './phones-ports';
import type { RecoveryCodeStore } from './recovery-codes-ports';
import type { SecurityKeyStore } from './security-keys-ports';
import { isSecondFactor } from './sessions';
import type { Session } from './sessions-ports';

/** The second factors a person may hold: phones (SMS), authenticator apps (TOTP), security keys and passkeys (WebAuthn). */
export type FactorKind = 'sms' | 'totp' | 'webauthn';

export interface FactorDeps {
  accounts: AccountStore;
  phones: PhoneStore;
  authenticatorApps: AuthenticatorAppStore;
  securityKeys: SecurityKeyStore;
  recoveryCodes: RecoveryCodeStore;
  mailer: Mailer;
  clock: Clock;
  limits: Limits;
}

/** How many confirmed second factors the account holds. Unused recovery codes count as one way back in, as Login.gov counts backup codes. */
export const factorsLeft = async (deps: Pick<FactorDeps, 'phones' | 'authenticatorApps' | 'recoveryCodes'>, accountId: string): Promise<number> => {
  const [phones, apps, codes] = await Promise.all([deps.phones.list(accountId), deps.authenticatorApps.list(accountId), deps.recoveryCodes.find(accountId)]);
  return phones.length + apps.filter((app) => app.confirmedAt).length + ((codes?.left ?? 0) > 0 ? 1 : 0);
};

export type BindRefusal = { outcome: 'step_up_required' } | { outcome: 'reauthentication_required' };

/**
 * Adding a factor needs a recent sign-in proven by a second factor (any of them): else a stolen
 * password could add the thief's own. An account without any factor (just created, or after a
 * second-factor reset) may bind its first one with the password alone, as it binds its first phone.
 */
export const mayAddFactor = async (
  deps: Pick<FactorDeps, 'phones' | 'authenticatorApps' | 'securityKeys' | 'recoveryCodes' | 'clock' | 'limits'>,
  session: Session,
) => {
  if (!isSecondFactor(session.assurance) && (await factorsLeft(deps, session.accountId)) > 0) return { outcome: 'step_up_required' } as const;
  const age = (deps.clock.now().getTime() - session.authenticatedAt.getTime()) / 1000;
  if (age >= deps.limits.recentAuthenticationSeconds) return { outcome: 'reauthentication_required' } as const;
  return undefined;
};

/** Tells the owner by email that a factor was added or removed, in their language. */
export const notifyFactorChange = async (
  deps: Pick<FactorDeps, 'accounts' | 'mailer' | 'clock'>,
  accountId: string,
  template: 'factorAdded' | 'factorRemoved',
  kind: FactorKind | 'eid',
  name?: string,
): Promise<void> => {
  const account = (await deps.accounts.findById(accountId))!;
  const language = account.emailLanguage;
  const factor = translate(language, `factors.${kind}`) + (name ? ` (${name})` : '');
  await deps.mailer.send(
    composeEmail(account.email, language, template, {
      firstName: account.firstName,
      lastName: account.lastName,
      factor,
      at: formatDateTime(language, deps.clock.now()),
    }),
  );
};
