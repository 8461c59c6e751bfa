import { addSeconds, type Clock } from './clock';
import { DURATIONS } from './durations';
import type { Session, SessionStore } from './ports';
import { hashSecret, newSecretToken } from './secrets';

export interface SessionDeps {
  sessions: SessionStore;
  clock: Clock;
}

/**
 * Whether a session proved a second factor on top of the password (an SMS code, or a recovery code
 * in its place): what removing a phone, RCAM and the PMO console ask for.
 */
export const isSecondFactor = (assurance: Session['assurance']): boolean => assurance === 'sms' || assurance === 'recovery_code';

/** A live session for the cookie's secret, its idle expiry moved forward; undefined when there is none. */
export const authenticate = async (deps: SessionDeps, token: string | undefined): Promise<Session | undefined> => {
  if (!token) return undefined;
  const sessionHash = hashSecret(token);
  const session = await deps.sessions.find(sessionHash);
  const now = deps.clock.now();
  if (!session || session.idleExpiresAt <= now || session.absoluteExpiresAt <= now) return undefined;
  const idleExpiresAt = new Date(Math.min(addSeconds(now, DURATIONS.sessionIdle).getTime(), session.absoluteExpiresAt.getTime()));
  await deps.sessions.touch(sessionHash, idleExpiresAt);
  return { ...session, idleExpiresAt };
};

/** Ends a session server-side: the cookie's secret no longer opens anything. */
export const closeSession = async (deps: SessionDeps, token: string): Promise<void> => {
  await deps.sessions.remove(hashSecret(token));
};

/** Opens a fresh session (a new id at every sign-in) and returns the secret that goes in the cookie. */
export const openSession = async (deps: SessionDeps, accountId: string, assurance: Session['assurance']): Promise<string> => {
  const token = newSecretToken();
  const now = deps.clock.now();
  await deps.sessions.save({
    sessionHash: hashSecret(token),
    accountId,
    assurance,
    authenticatedAt: now,
    idleExpiresAt: addSeconds(now, DURATIONS.sessionIdle),
    absoluteExpiresAt: addSeconds(now, DURATIONS.sessionAbsolute),
  });
  return token;
};
