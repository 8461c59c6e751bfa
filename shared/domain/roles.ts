import type { Account } from './accounts-ports';
import { isSecondFactor } from './sessions';
import type { Session } from './sessions-ports';

export const PMO_ROLE = 'pmo';

/**
 * PMO staff: the role, and a session proven by a second factor. On its own, so that checking a
 * session (shared/http/session.ts, in nearly every function) does not bring the PMO's use cases and
 * the letter's font metrics into every bundle.
 */
export const isPmo = (account: Account | undefined, session: Session): boolean =>
  Boolean(account?.roles?.includes(PMO_ROLE)) && isSecondFactor(session.assurance);
