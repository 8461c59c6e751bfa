import { finishKeyRegistration } from '#domain/security-key-ceremonies';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';
import { AddKeyBody } from '#http/contract/factors';
import { requireSession } from '#http/session';

/** POST /api/v1/me/security-keys {challengeId, name, response} -> 201 {keyId, name}: the key joins the account, the owner is told. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSession(deps, event);
    const body = parseBody(event, AddKeyBody);
    const result = await finishKeyRegistration(deps, session, body);
    switch (result.outcome) {
      case 'registered':
        return json(201, { keyId: result.key.keyId, name: result.key.name });
      case 'challenge_expired':
        throw new HttpError(410, 'challenge_expired');
      case 'webauthn_failed':
        throw new HttpError(400, 'webauthn_failed');
      case 'key_exists':
        throw new HttpError(409, 'conflict');
      default:
        throw new HttpError(403, result.outcome).about(session.accountId);
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
