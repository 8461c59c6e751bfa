import { addSeconds, type Clock } from './clock';
import { DURATIONS } from './durations';
import type { Session, SessionStore } from './ports';
import { hashSecret, newSecretToken } from './secrets';

export interface SessionDeps {
  sessions: SessionStore;
  clock: Clock;
}

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
