import { addSeconds, type Clock } from './clock';
import { hashSecret, newSecretToken } from './secrets';
import type { SecurityEventLog } from './security-events';
import { RULES } from './rules';
import type { FirstFactor, Session, SessionStore } from './sessions-ports';

export interface SessionDeps {
  sessions: SessionStore;
  clock: Clock;
}

/**
 * Whether a session proved a second factor on top of the password (an SMS code, an authenticator
 * app's code, a security key, or a recovery code in their place), or a passkey alone: what binding
 * or removing a factor, RCAM and the PMO console ask for. Every method counts alike here.
 */
const SECOND_FACTORS: ReadonlySet<Session['assurance']> = new Set(['sms', 'totp', 'webauthn', 'recovery_code']);
export const isSecondFactor = (assurance: Session['assurance']): boolean => SECOND_FACTORS.has(assurance);

/** Whether the session was proven by WebAuthn (a security key or a passkey): the one phishing-resistant method. */
export const isPhishingResistant = (assurance: Session['assurance']): boolean => assurance === 'webauthn';

/** A live session for the cookie's secret, its idle expiry moved forward; undefined when there is none. */
export const authenticate = async (deps: SessionDeps, token: string | undefined): Promise<Session | undefined> => {
  if (!token) return undefined;
  const sessionHash = hashSecret(token);
  const session = await deps.sessions.find(sessionHash);
  const now = deps.clock.now();
  if (!session || session.idleExpiresAt <= now || session.absoluteExpiresAt <= now) return undefined;
  const idleExpiresAt = new Date(Math.min(addSeconds(now, RULES.sessionIdleSeconds).getTime(), session.absoluteExpiresAt.getTime()));
  if (idleExpiresAt.getTime() - session.idleExpiresAt.getTime() < RULES.sessionTouchSeconds * 1000) return session;
  await deps.sessions.touch(sessionHash, idleExpiresAt);
  return { ...session, idleExpiresAt };
};

/** Ends a session server-side: the cookie's secret no longer opens anything. */
export const closeSession = async (deps: SessionDeps, token: string): Promise<void> => {
  await deps.sessions.remove(hashSecret(token));
};

/** Opens a fresh session (a new id at every sign-in) and returns the secret that goes in the cookie. */
export const openSession = async (deps: SessionDeps, accountId: string, assurance: Session['assurance'], firstFactor?: FirstFactor): Promise<string> => {
  const token = newSecretToken();
  const now = deps.clock.now();
  await deps.sessions.save({
    sessionHash: hashSecret(token),
    accountId,
    assurance,
    authenticatedAt: now,
    idleExpiresAt: addSeconds(now, RULES.sessionIdleSeconds),
    absoluteExpiresAt: addSeconds(now, RULES.sessionAbsoluteSeconds),
    ...(firstFactor && { firstFactor }),
  });
  return token;
};

/** Why every session of an account (but perhaps the current one) ends. */
export type RevocationReason = 'password_changed' | 'phone_removed' | 'factor_removed' | 'sign_out_everywhere';

/**
 * Ends the account's sessions, all of them or all but `keep` (the one that made the change): a
 * credential that changed takes its sessions with it. Returns how many live ones ended.
 */
export const endSessions = async (
  deps: SessionDeps & { securityEvents: SecurityEventLog },
  accountId: string,
  reason: RevocationReason,
  keep?: Session,
): Promise<number> => {
  const now = deps.clock.now();
  const ended = (await deps.sessions.removeAllOf(accountId, keep?.sessionHash)).filter(
    (session) => session.idleExpiresAt > now && session.absoluteExpiresAt > now,
  );
  deps.securityEvents.record({
    type: 'sessions_revoked',
    accountId,
    outcome: 'success',
    details: { reason, count: ended.length, keptCurrent: keep !== undefined },
  });
  return ended.length;
};

/** "Sign out everywhere": every session of the account ends, this one included. */
export const signOutEverywhere = (deps: SessionDeps & { securityEvents: SecurityEventLog }, session: Session): Promise<number> =>
  endSessions(deps, session.accountId, 'sign_out_everywhere');
