import type { Account, AccountStore, AttemptReservation, AttemptRules } from './accounts-ports';
import type { AuthenticatorAppStore, SecretSealer } from './authenticator-apps-ports';
import { hasAuthenticatorApp, useAuthenticatorCode } from './authenticator-apps';
import { answerChallenge, liveChallenge, openTotpChallenge, sendChallenge, type ChallengeDeps, type SmsRefusal } from './challenges';
import { addSeconds } from './clock';
import { NO_ACCOUNT_ID } from './decoys';
import { composeEmail } from './emails';
import type { Mailer } from './emails-ports';
import type { PasswordHasher } from './hashing-ports';
import { formatDateTime } from './i18n';
import type { PhoneStore } from './phones-ports';
import { spendRecoveryCode, type RecoveryCodeDeps } from './recovery-codes';
import type { Limits } from './rules';
import { startKeySignIn } from './security-keys';
import type { SecurityKeyStore, WebauthnChallengeStore } from './security-keys-ports';
import type { SecurityEventLog } from './security-events';
import { openSession, type SessionDeps } from './sessions';
import type { FirstFactor, Session } from './sessions-ports';

export interface SignInDeps extends SessionDeps, ChallengeDeps, RecoveryCodeDeps {
  accounts: AccountStore;
  phones: PhoneStore;
  authenticatorApps: AuthenticatorAppStore;
  sealer: SecretSealer;
  securityKeys: SecurityKeyStore;
  webauthnChallenges: WebauthnChallengeStore;
  publicOrigin: string;
  hasher: PasswordHasher;
  mailer: Mailer;
  securityEvents: SecurityEventLog;
}

/** The second factor chosen after the password, or after a national eID. */
export type SecondFactorRequest =
  { method: 'sms'; phoneNumber: string } | { method: 'totp' } | { method: 'webauthn' } | { method: 'recovery_code'; recoveryCode: string };

export type SignInRequest = { login: string; password: string } & ({ method: 'password' } | SecondFactorRequest);

export type SignInResult =
  | { outcome: 'signed_in'; sessionToken: string; assurance: Session['assurance'] }
  | { outcome: 'challenge_sent'; challengeId: string; expiresAt: Date; webauthnOptions?: unknown }
  | { outcome: 'invalid_credentials' }
  | SmsRefusal;

const attemptRules = (limits: Limits): AttemptRules => ({
  maxAttempts: limits.signInMaxFailures,
  lockSeconds: limits.signInLockSeconds,
  ceiling: limits.signInFailureCeiling,
});

/** One sign-in attempt: reserved (its secret may be checked) or refused before any check. */
export type SignInAttempt =
  | { reserved: true; account: Account; reservation: Extract<AttemptReservation, { outcome: 'reserved' }>; at: Date }
  | { reserved: false; accountId?: string; refusal: 'locked' | 'disabled' | 'no_account' };

/** How the person tried: the password, the SMS code, an authenticator app's code, a security key or passkey, or a recovery code in their place. */
export type SignInMethod = 'password' | 'sms' | 'totp' | 'webauthn' | 'recovery_code';

/**
 * Reserves one attempt on the account (or on no account, for an unknown login), by one conditional
 * write, before any password or code is checked: under any burst, at most `signInMaxFailures`
 * checks per lock window. A refused attempt must still do the work of a check, and fail.
 */
export const startSignInAttempt = async (deps: SignInDeps, accountId: string | undefined): Promise<SignInAttempt> => {
  const at = deps.clock.now();
  const reservation = await deps.accounts.reserveSignInAttempt(accountId ?? NO_ACCOUNT_ID, at, attemptRules(deps.limits));
  if (reservation.outcome === 'reserved') return { reserved: true, account: reservation.account, reservation, at };
  return { reserved: false, accountId, refusal: reservation.outcome };
};

/**
 * One failed attempt at a sign-in secret, whatever the secret: the reserved slot stays counted. The
 * attempt that fills its window locks sign-in (one event; the owner is emailed at most once a day);
 * the one that reaches the ceiling disables password sign-in until a reset by link (the owner is told).
 * A refused attempt is only recorded. Always the same answer to the caller.
 */
export const signInAttemptFailed = async (
  deps: SignInDeps,
  attempt: SignInAttempt,
  method: SignInMethod,
  reason: string,
): Promise<{ outcome: 'invalid_credentials' }> => {
  if (!attempt.reserved) {
    deps.securityEvents.record({ type: 'sign_in', accountId: attempt.accountId, outcome: 'failure', details: { method, reason: attempt.refusal } });
    return { outcome: 'invalid_credentials' };
  }
  const { account, reservation, at } = attempt;
  const { limits } = deps;
  deps.securityEvents.record({
    type: 'sign_in',
    accountId: account.accountId,
    outcome: 'failure',
    details: { method, reason, attempt: reservation.attemptInWindow },
  });
  const names = { firstName: account.firstName, lastName: account.lastName };
  if (reservation.consecutive >= limits.signInFailureCeiling) {
    deps.securityEvents.record({
      type: 'sign_in_disabled',
      accountId: account.accountId,
      outcome: 'disabled',
      details: { consecutiveFailures: reservation.consecutive },
    });
    await deps.mailer.send(
      composeEmail(account.email, account.emailLanguage, 'signInDisabled', {
        ...names,
        failures: String(reservation.consecutive),
        at: formatDateTime(account.emailLanguage, at),
      }),
    );
  } else if (reservation.attemptInWindow >= limits.signInMaxFailures) {
    const until = addSeconds(at, limits.signInLockSeconds);
    deps.securityEvents.record({ type: 'sign_in_locked', accountId: account.accountId, outcome: 'locked', details: { until: until.toISOString() } });
    if (await deps.accounts.claimLockNotice(account.accountId, at, limits.signInLockNoticeSeconds)) {
      await deps.mailer.send(
        composeEmail(account.email, account.emailLanguage, 'signInLocked', { ...names, until: formatDateTime(account.emailLanguage, until) }),
      );
    }
  }
  return { outcome: 'invalid_credentials' };
};

/** A sign-in succeeded: the attempt counters go back to zero and a session opens. */
export const signInSucceeded = async (
  deps: SignInDeps,
  accountId: string,
  method: SignInMethod,
  assurance: Session['assurance'],
  firstFactor?: FirstFactor,
): Promise<string> => {
  await deps.accounts.clearSignInFailures(accountId);
  deps.securityEvents.record({ type: 'sign_in', accountId, outcome: 'success', details: { method, firstFactor } });
  // « PMO-CONTACT »: open from the account's first sign-in proven by SMS (the manual's front page).
  if (assurance === 'sms') await deps.accounts.openPmoContact(accountId, deps.clock.now());
  return openSession(deps, accountId, assurance, firstFactor);
};

/**
 * First step of signing in. Unknown login, wrong password, a phone not on the account, a locked
 * account and a disabled one all give the same answer, after the same calls: a reservation, an
 * argon2id verification (against a dummy hash when refused), a security event.
 */
export const signIn = async (deps: SignInDeps, request: SignInRequest): Promise<SignInResult> => {
  const attempt = await startSignInAttempt(deps, await deps.accounts.accountIdByLogin(request.login));
  const passwordOk = await deps.hasher.verify(attempt.reserved ? attempt.account.passwordHash : undefined, request.password);
  if (!attempt.reserved || !passwordOk) return signInAttemptFailed(deps, attempt, request.method, 'wrong_password');
  if (request.method === 'password')
    return { outcome: 'signed_in', sessionToken: await signInSucceeded(deps, attempt.account.accountId, 'password', 'password'), assurance: 'password' };
  return secondFactorStep(deps, attempt, request);
};

/**
 * The second factor, once the first (the password, or a linked national eID) is proven on a
 * reserved attempt: a recovery code signs in at once, the other methods open their challenge. A
 * method the account lacks is refused as a wrong password is: the answer must not tell who has one.
 */
export const secondFactorStep = async (
  deps: SignInDeps,
  attempt: Extract<SignInAttempt, { reserved: true }>,
  request: SecondFactorRequest,
  firstFactor?: FirstFactor,
): Promise<SignInResult> => {
  const { accountId } = attempt.account;
  if (request.method === 'recovery_code') {
    // A wrong, used or malformed recovery code is one more failed attempt, like a wrong password.
    if (!(await spendRecoveryCode(deps, attempt.account, request.recoveryCode)))
      return signInAttemptFailed(deps, attempt, 'recovery_code', 'wrong_recovery_code');
    return {
      outcome: 'signed_in',
      sessionToken: await signInSucceeded(deps, accountId, 'recovery_code', 'recovery_code', firstFactor),
      assurance: 'recovery_code',
    };
  }
  if (request.method === 'totp') {
    if (!(await hasAuthenticatorApp(deps, accountId))) return signInAttemptFailed(deps, attempt, 'totp', 'no_authenticator_app');
    await deps.accounts.releaseSignInAttempt(accountId);
    const { challengeId, expiresAt } = await openTotpChallenge(deps, accountId, firstFactor);
    deps.securityEvents.record({ type: 'sign_in', accountId, outcome: 'challenge_sent', details: { method: 'totp', firstFactor } });
    return { outcome: 'challenge_sent', challengeId, expiresAt };
  }
  if (request.method === 'webauthn') {
    const keys = await deps.securityKeys.list(accountId);
    if (keys.length === 0) return signInAttemptFailed(deps, attempt, 'webauthn', 'no_security_key');
    await deps.accounts.releaseSignInAttempt(accountId);
    const { challengeId, expiresAt, options } = await startKeySignIn(deps, accountId, keys, firstFactor);
    deps.securityEvents.record({ type: 'sign_in', accountId, outcome: 'challenge_sent', details: { method: 'webauthn', firstFactor } });
    return { outcome: 'challenge_sent', challengeId, expiresAt, webauthnOptions: options };
  }
  const phones = await deps.phones.list(accountId);
  if (!phones.some((phone) => phone.phoneNumber === request.phoneNumber)) return signInAttemptFailed(deps, attempt, 'sms', 'phone_not_on_account');
  // The first factor was right: its slot goes back. The code will take one of its own.
  await deps.accounts.releaseSignInAttempt(accountId);
  const sent = await sendChallenge(deps, {
    purpose: 'sign_in',
    accountId,
    phoneNumber: request.phoneNumber,
    language: attempt.account.emailLanguage,
    firstFactor,
  });
  deps.securityEvents.record({
    type: 'sign_in',
    accountId,
    outcome: sent.outcome === 'sent' ? 'challenge_sent' : sent.outcome,
    details: { method: 'sms', firstFactor },
  });
  return sent.outcome === 'sent' ? { outcome: 'challenge_sent', challengeId: sent.challengeId, expiresAt: sent.expiresAt } : sent;
};

export type ChallengeSignInResult =
  { outcome: 'signed_in'; sessionToken: string; assurance: 'sms' | 'totp' } | { outcome: 'invalid_code' } | { outcome: 'challenge_expired' };

/**
 * Second step: the code from the SMS, or from the authenticator app, opens one session with
 * assurance "sms" or "totp". The attempt is reserved on the account before the code is compared,
 * and a wrong code counts like a wrong password, whichever the method.
 */
export const completeSignIn = async (deps: SignInDeps, request: { challengeId: string; code: string }): Promise<ChallengeSignInResult> => {
  const challenge = await liveChallenge(deps, { challengeId: request.challengeId, purpose: ['sign_in', 'sign_in_totp'] });
  if (!challenge) return { outcome: 'challenge_expired' };
  const method = challenge.purpose === 'sign_in_totp' ? 'totp' : 'sms';
  const attempt = await startSignInAttempt(deps, challenge.accountId);
  if (!attempt.reserved) {
    if (attempt.refusal === 'no_account') return { outcome: 'challenge_expired' }; // erased meanwhile
    await signInAttemptFailed(deps, attempt, method, attempt.refusal);
    return { outcome: 'invalid_code' };
  }
  const { account } = attempt;
  const answered = await answerChallenge(
    deps,
    challenge,
    request.code,
    method === 'totp' ? (code) => useAuthenticatorCode(deps, account.accountId, code) : undefined,
  );
  if (answered.outcome === 'challenge_expired') {
    // Nothing was compared (the challenge died meanwhile): the slot goes back.
    await deps.accounts.releaseSignInAttempt(account.accountId);
    return answered;
  }
  if (answered.outcome === 'invalid_code') {
    await signInAttemptFailed(deps, attempt, method, 'wrong_code');
    return answered;
  }
  // The account page shows when each factor was last used.
  if (method === 'sms') await deps.phones.markUsed(account.accountId, challenge.phoneNumber, deps.clock.now());
  return { outcome: 'signed_in', sessionToken: await signInSucceeded(deps, account.accountId, method, method, challenge.firstFactor), assurance: method };
};
