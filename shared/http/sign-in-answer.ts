import type { SignInResult } from '#domain/sign-in';
import type { Session } from '#domain/sessions-ports';
import { closeSession } from '#domain/sessions';
import type { Dependencies } from '#shared/dependencies';
import { HttpError } from './errors';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { json, sessionCookie } from './responses';
import { sessionTokenOf } from './session';
import { smsRefusalError } from './sms-refusals';

/**
 * 200 with a new session, the session the browser held (if any) ended: every sign-in gives a new
 * session id, whichever step or factor completed it.
 */
export const signedIn = async (
  deps: Dependencies,
  event: APIGatewayProxyEventV2,
  result: { sessionToken: string; assurance: Session['assurance'] },
): Promise<APIGatewayProxyStructuredResultV2> => {
  const previous = sessionTokenOf(event);
  if (previous) await closeSession(deps, previous);
  return json(200, { status: 'signed_in', assurance: result.assurance }, { cookies: [sessionCookie(result.sessionToken)] });
};

/**
 * A first sign-in step as HTTP, the same after a password (POST /api/v1/sessions) or a national eID
 * (POST /api/v1/sessions/eid): 200 with a new session, whatever session the browser held ended; 202
 * with the second factor's challenge; the one 401 for every refusal; why no SMS left.
 */
export const signInAnswer = async (deps: Dependencies, event: APIGatewayProxyEventV2, result: SignInResult): Promise<APIGatewayProxyStructuredResultV2> => {
  switch (result.outcome) {
    case 'signed_in':
      return signedIn(deps, event, result);
    case 'challenge_sent':
      return json(202, {
        challengeId: result.challengeId,
        expiresAt: result.expiresAt.toISOString(),
        ...(result.webauthnOptions !== undefined && { options: result.webauthnOptions }),
      });
    case 'invalid_credentials':
      throw new HttpError(401, 'invalid_credentials');
    default:
      throw smsRefusalError(result);
  }
};
