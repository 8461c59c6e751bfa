import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Session } from '#domain/ports';
import { authenticate, type SessionDeps } from '#domain/sessions';
import { HttpError } from './errors';
import { SESSION_COOKIE } from './responses';

/** The session secret from the request's cookies, if any. */
export const sessionTokenOf = (event: Pick<APIGatewayProxyEventV2, 'cookies'>): string | undefined =>
  event.cookies
    ?.map((cookie) => cookie.split('='))
    .find(([name]) => name.trim() === SESSION_COOKIE)
    ?.slice(1)
    .join('=') || undefined;

/** The live session of the request, or 401 unauthenticated. */
export const requireSession = async (deps: SessionDeps, event: Pick<APIGatewayProxyEventV2, 'cookies'>): Promise<Session> => {
  const session = await authenticate(deps, sessionTokenOf(event));
  if (!session) throw new HttpError(401, 'unauthenticated');
  return session;
};
