import { startKeyRegistration } from '#domain/security-key-ceremonies';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requireSession } from '#http/session';

/** POST /api/v1/me/security-keys/options -> 200 {challengeId, options}: for navigator.credentials.create(), valid 5 minutes, once. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSession(deps, event);
    const result = await startKeyRegistration(deps, session);
    switch (result.outcome) {
      case 'started':
        return json(200, { challengeId: result.challengeId, options: result.options });
      case 'too_many_factors':
        throw new HttpError(409, 'too_many_factors');
      default:
        throw new HttpError(403, result.outcome).about(session.accountId);
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
