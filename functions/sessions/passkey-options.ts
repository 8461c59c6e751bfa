import { startPasskeySignIn } from '#domain/security-keys';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';

/** POST /api/v1/sessions/passkey -> 200 {challengeId, options}: a passwordless sign-in with any passkey of this site. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async () => {
    const { challengeId, options } = await startPasskeySignIn(deps);
    return json(200, { challengeId, options });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
