import type { Account } from './accounts-ports';
import { isPhishingResistant, isSecondFactor } from './sessions';
import type { Session } from './sessions-ports';

export const PMO_ROLE = 'pmo';

/**
 * PMO staff: the role, and a session proven by a second factor; by a security key or passkey
 * where the deployment says so (`requireWebauthn`). On its own, so that checking a session
 * (shared/http/session.ts, in nearly every function) does not bring the PMO's use cases and the
 * letter's font metrics into every bundle.
 */
export const isPmo = (account: Account | undefined, session: Session, requireWebauthn = false): boolean =>
  Boolean(account?.roles?.includes(PMO_ROLE)) && (requireWebauthn ? isPhishingResistant(session.assurance) : isSecondFactor(session.assurance));
