import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Account, AccountStore } from '#domain/accounts-ports';
import type { Session } from '#domain/sessions-ports';
import { isPmo } from '#domain/roles';
import { authenticate, isSecondFactor, type SessionDeps } from '#domain/sessions';
import { HttpError } from './errors';
import { SESSION_COOKIE } from './responses';

/** A cookie of the request, by name, if any. */
export const cookieOf = (event: Pick<APIGatewayProxyEventV2, 'cookies'>, cookieName: string): string | undefined =>
  event.cookies
    ?.map((cookie) => cookie.split('='))
    .find(([name]) => name.trim() === cookieName)
    ?.slice(1)
    .join('=') || undefined;

/** The session secret from the request's cookies, if any. */
export const sessionTokenOf = (event: Pick<APIGatewayProxyEventV2, 'cookies'>): string | undefined => cookieOf(event, SESSION_COOKIE);

/** The live session of the request, or 401 unauthenticated. */
export const requireSession = async (deps: SessionDeps, event: Pick<APIGatewayProxyEventV2, 'cookies'>): Promise<Session> => {
  const session = await authenticate(deps, sessionTokenOf(event));
  if (!session) throw new HttpError(401, 'unauthenticated');
  return session;
};

/** A live session proven by a second factor (any: SMS, authenticator app, security key, recovery code), or 401 / 403 step_up_required. */
export const requireSmsSession = async (deps: SessionDeps, event: Pick<APIGatewayProxyEventV2, 'cookies'>): Promise<Session> => {
  const session = await requireSession(deps, event);
  if (!isSecondFactor(session.assurance)) throw new HttpError(403, 'step_up_required').about(session.accountId);
  return session;
};

/** PMO staff only: the "pmo" role and a session proven by a second factor (WebAuthn where configured); anyone else gets 403. */
export const requirePmo = async (
  deps: SessionDeps & { accounts: AccountStore; pmoRequiresWebauthn?: boolean },
  event: Pick<APIGatewayProxyEventV2, 'cookies'>,
): Promise<Account> => {
  const session = await requireSession(deps, event);
  const account = await deps.accounts.findById(session.accountId);
  if (!account || !isPmo(account, session, deps.pmoRequiresWebauthn)) throw new HttpError(403, 'forbidden').about(session.accountId);
  return account;
};
