import { RULES } from './rules';
import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { AccountStore } from './accounts-ports';
import type { AuthenticatorApp, AuthenticatorAppStore, SecretSealer } from './authenticator-apps-ports';
import { addSeconds } from './clock';
import { mayAddFactor, factorsLeft, notifyFactorChange, type BindRefusal, type FactorDeps } from './factors';
import type { SecurityEventLog } from './security-events';
import { endSessions, isSecondFactor } from './sessions';
import type { Session, SessionStore } from './sessions-ports';

/**
 * "Jeton logiciel": an authenticator app, TOTP as RFC 6238 and every app expects it (SHA-1, 6
 * digits, 30 s, a 160-bit secret). A code is accepted one step either side of now (clock drift),
 * once: the step it used is written with a condition, so a replayed code, or an older one, fails.
 */
export const TOTP_SETTINGS = { issuer: 'Passerelle', algorithm: 'SHA1', digits: 6, period: 30, secretBytes: 20, window: 1 } as const;
/** At most this many apps per account: a sign-in code is checked against each. */
export const MAX_AUTHENTICATOR_APPS = RULES.authenticatorAppsPerAccount;

export interface AuthenticatorAppDeps extends FactorDeps {
  authenticatorApps: AuthenticatorAppStore;
  sealer: SecretSealer;
  sessions: SessionStore;
  accounts: AccountStore;
  securityEvents: SecurityEventLog;
}

const sealContext = (accountId: string, appId: string) => ({ accountId, factor: `totp:${appId}` });

const totpOf = (secret: string, label: string) =>
  new TOTP({
    issuer: TOTP_SETTINGS.issuer,
    label,
    algorithm: TOTP_SETTINGS.algorithm,
    digits: TOTP_SETTINGS.digits,
    period: TOTP_SETTINGS.period,
    secret: Secret.fromBase32(secret),
  });

/** The time step a typed code belongs to, within one step of now; undefined when it matches none (or is not 6 digits). */
const stepOf = (secret: string, typed: string, now: Date): number | undefined => {
  const token = typed.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const totp = totpOf(secret, '');
  // otpauth compares each candidate in constant time (crypto.timingSafeEqual).
  const delta = totp.validate({ token, timestamp: now.getTime(), window: TOTP_SETTINGS.window });
  return delta === null ? undefined : totp.counter({ timestamp: now.getTime() }) + delta;
};

export type StartAppResult =
  { outcome: 'started'; appId: string; secret: string; otpauthUri: string; expiresAt: Date } | BindRefusal | { outcome: 'too_many_factors' };

/** Starts an enrolment: a new secret, sealed and stored pending; the caller shows it this once. */
export const startAuthenticatorApp = async (deps: AuthenticatorAppDeps, session: Session): Promise<StartAppResult> => {
  const refused = await mayAddFactor(deps, session);
  if (refused) return refused;
  const confirmed = (await deps.authenticatorApps.list(session.accountId)).filter((app) => app.confirmedAt);
  if (confirmed.length >= MAX_AUTHENTICATOR_APPS) return { outcome: 'too_many_factors' };
  const account = (await deps.accounts.findById(session.accountId))!;
  const appId = randomUUID();
  const secret = new Secret({ size: TOTP_SETTINGS.secretBytes }).base32;
  const now = deps.clock.now();
  const expiresAt = addSeconds(now, RULES.authenticatorAppEnrolmentSeconds);
  await deps.authenticatorApps.savePending(session.accountId, {
    appId,
    sealedSecret: await deps.sealer.seal(secret, sealContext(session.accountId, appId)),
    createdAt: now,
    expiresAt,
    failedConfirmations: 0,
  });
  return { outcome: 'started', appId, secret, otpauthUri: totpOf(secret, account.username).toString(), expiresAt };
};

export type ConfirmAppResult = 'confirmed' | 'invalid_code' | 'enrolment_expired' | 'step_up_required' | 'reauthentication_required';

/** The first right code confirms the app: it becomes a factor, the owner is told. The secret is never shown again. */
export const confirmAuthenticatorApp = async (
  deps: AuthenticatorAppDeps,
  session: Session,
  request: { appId: string; code: string },
): Promise<ConfirmAppResult> => {
  // Asked again: another factor may have been confirmed since the enrolment started.
  const refused = await mayAddFactor(deps, session);
  if (refused) return refused.outcome;
  const now = deps.clock.now();
  const app = (await deps.authenticatorApps.list(session.accountId)).find((candidate) => candidate.appId === request.appId && !candidate.confirmedAt);
  if (!app || !app.expiresAt || app.expiresAt <= now) return 'enrolment_expired';
  if (!(await deps.authenticatorApps.reserveConfirmation(session.accountId, app.appId, RULES.authenticatorAppEnrolmentMaxFailures, now)))
    return 'enrolment_expired';
  const step = stepOf(await deps.sealer.open(app.sealedSecret, sealContext(session.accountId, app.appId)), request.code, now);
  if (step === undefined) {
    deps.securityEvents.record({ type: 'wrong_code', accountId: session.accountId, outcome: 'failure', details: { purpose: 'add_totp', appId: app.appId } });
    return 'invalid_code';
  }
  if (!(await deps.authenticatorApps.confirm(session.accountId, app.appId, step, now))) return 'enrolment_expired';
  deps.securityEvents.record({
    type: 'factor_added',
    accountId: session.accountId,
    outcome: 'success',
    details: { factor: 'totp', appId: app.appId, assurance: session.assurance },
  });
  await notifyFactorChange(deps, session.accountId, 'factorAdded', 'totp');
  return 'confirmed';
};

/**
 * Checks a sign-in code against the account's confirmed apps and spends its time step: true for
 * exactly one use of a code. A right code whose step was already used is a replay, and refused.
 */
export const useAuthenticatorCode = async (
  deps: Pick<AuthenticatorAppDeps, 'authenticatorApps' | 'sealer' | 'clock' | 'securityEvents'>,
  accountId: string,
  typed: string,
): Promise<boolean> => {
  const now = deps.clock.now();
  for (const app of (await deps.authenticatorApps.list(accountId)).filter((candidate) => candidate.confirmedAt)) {
    const step = stepOf(await deps.sealer.open(app.sealedSecret, sealContext(accountId, app.appId)), typed, now);
    if (step === undefined) continue;
    if (await deps.authenticatorApps.useStep(accountId, app.appId, step, now)) {
      deps.securityEvents.record({ type: 'factor_used', accountId, outcome: 'success', details: { factor: 'totp', appId: app.appId } });
      return true;
    }
    deps.securityEvents.record({ type: 'factor_used', accountId, outcome: 'replay_refused', details: { factor: 'totp', appId: app.appId } });
    return false;
  }
  return false;
};

/** Whether the account has a confirmed authenticator app. */
export const hasAuthenticatorApp = async (deps: Pick<AuthenticatorAppDeps, 'authenticatorApps'>, accountId: string): Promise<boolean> =>
  (await deps.authenticatorApps.list(accountId)).some((app) => app.confirmedAt);

export type RemoveFactorResult = 'removed' | 'not_found' | 'step_up_required' | 'last_factor';

/**
 * Removing an app needs a session proven by a second factor, and never takes the account's last
 * factor. The owner is told, and every other session ends (one of them may be the thief's).
 */
export const removeAuthenticatorApp = async (deps: AuthenticatorAppDeps, session: Session, appId: string): Promise<RemoveFactorResult> => {
  if (!isSecondFactor(session.assurance)) return 'step_up_required';
  const app = (await deps.authenticatorApps.list(session.accountId)).find((candidate) => candidate.appId === appId && candidate.confirmedAt);
  if (!app) return 'not_found';
  if ((await factorsLeft(deps, session.accountId)) <= 1) return 'last_factor';
  if (!(await deps.authenticatorApps.remove(session.accountId, appId))) return 'not_found';
  deps.securityEvents.record({ type: 'factor_removed', accountId: session.accountId, outcome: 'success', details: { factor: 'totp', appId } });
  await endSessions(deps, session.accountId, 'factor_removed', session);
  await notifyFactorChange(deps, session.accountId, 'factorRemoved', 'totp');
  return 'removed';
};

/** What the account page shows of an app: never its secret. */
export const describeApp = (app: AuthenticatorApp) => ({
  appId: app.appId,
  addedAt: (app.confirmedAt ?? app.createdAt).toISOString(),
  lastUsedAt: app.lastUsedAt?.toISOString(),
});
