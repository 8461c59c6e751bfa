import { addSeconds } from './clock';
import { checkCode, sendChallenge, type ChallengeDeps } from './challenges';
import { composeEmail } from './emails';
import { formatDateTime } from './i18n';
import type { Account, AccountStore, Mailer, PasswordHasher, PhoneStore, Session } from './ports';
import { spendRecoveryCode, type RecoveryCodeDeps } from './recovery-codes';
import type { SecurityEventLog } from './security-events';
import { openSession, type SessionDeps } from './sessions';

export interface SignInDeps extends SessionDeps, ChallengeDeps, RecoveryCodeDeps {
  accounts: AccountStore;
  phones: PhoneStore;
  hasher: PasswordHasher;
  mailer: Mailer;
  securityEvents: SecurityEventLog;
}

export type SignInRequest = { login: string; password: string } & (
  | { method: 'password' }
  | { method: 'sms'; phoneNumber: string }
  | { method: 'recovery_code'; recoveryCode: string }
);

export type SignInResult =
  | { outcome: 'signed_in'; sessionToken: string; assurance: Session['assurance'] }
  | { outcome: 'challenge_sent'; challengeId: string; expiresAt: Date }
  | { outcome: 'invalid_credentials' }
  | { outcome: 'rate_limited'; retryAfterSeconds: number };

const isLocked = (account: Account, now: Date) => Boolean(account.signInLockedUntil && new Date(account.signInLockedUntil) > now);

/** Counts a failed sign-in; the failure that starts a lock also tells the owner by email. */
const failSignIn = async (deps: SignInDeps, account: Account): Promise<{ outcome: 'invalid_credentials' }> => {
  const lockUntil = addSeconds(deps.clock.now(), deps.limits.signInLockSeconds);
  const { lockedNow } = await deps.accounts.recordSignInFailure(account.accountId, deps.limits.signInMaxFailures, lockUntil);
  if (lockedNow) {
    await deps.mailer.send(
      composeEmail(account.email, account.emailLanguage, 'signInLocked', {
        firstName: account.firstName,
        lastName: account.lastName,
        until: formatDateTime(account.emailLanguage, lockUntil),
      }),
    );
  }
  return { outcome: 'invalid_credentials' };
};

/**
 * First step of signing in. Unknown login, wrong password, a phone not on the account and a
 * locked account all give the same answer, after the same argon2id work.
 */
export const signIn = async (deps: SignInDeps, request: SignInRequest): Promise<SignInResult> => {
  const account = await deps.accounts.findByLogin(request.login);
  // An unknown login costs the same argon2id work as a known one.
  const passwordOk = account?.passwordHash ? await deps.hasher.verify(account.passwordHash, request.password) : await deps.hasher.verifyNothing(request.password);
  if (!account?.passwordHash) return { outcome: 'invalid_credentials' };
  if (isLocked(account, deps.clock.now())) return { outcome: 'invalid_credentials' };
  if (!passwordOk) return failSignIn(deps, account);
  if (request.method === 'password') {
    await deps.accounts.clearSignInFailures(account.accountId);
    return { outcome: 'signed_in', sessionToken: await openSession(deps, account.accountId, 'password'), assurance: 'password' };
  }
  if (request.method === 'recovery_code') {
    // A wrong, used or malformed recovery code is one more failed sign-in, like a wrong password.
    if (!(await spendRecoveryCode(deps, account, request.recoveryCode))) return failSignIn(deps, account);
    await deps.accounts.clearSignInFailures(account.accountId);
    return { outcome: 'signed_in', sessionToken: await openSession(deps, account.accountId, 'recovery_code'), assurance: 'recovery_code' };
  }
  const phones = await deps.phones.list(account.accountId);
  if (!phones.some((phone) => phone.phoneNumber === request.phoneNumber)) return failSignIn(deps, account);
  const sent = await sendChallenge(deps, { purpose: 'sign_in', accountId: account.accountId, phoneNumber: request.phoneNumber, language: account.emailLanguage });
  return sent.outcome === 'sent' ? { outcome: 'challenge_sent', challengeId: sent.challengeId, expiresAt: sent.expiresAt } : sent;
};

export type ChallengeSignInResult = { outcome: 'signed_in'; sessionToken: string } | { outcome: 'invalid_code' } | { outcome: 'challenge_expired' };

/** Second step: the code from the SMS opens one session with assurance "sms". */
export const completeSignIn = async (deps: SignInDeps, request: { challengeId: string; code: string }): Promise<ChallengeSignInResult> => {
  const checked = await checkCode(deps, { ...request, purpose: 'sign_in' });
  if (checked.outcome === 'challenge_expired') return checked;
  const account = await deps.accounts.findById(checked.challenge.accountId);
  if (!account) return { outcome: 'challenge_expired' };
  if (checked.outcome === 'invalid_code') {
    await failSignIn(deps, account);
    return { outcome: 'invalid_code' };
  }
  if (isLocked(account, deps.clock.now())) return { outcome: 'invalid_code' };
  await deps.accounts.clearSignInFailures(account.accountId);
  return { outcome: 'signed_in', sessionToken: await openSession(deps, account.accountId, 'sms') };
};
