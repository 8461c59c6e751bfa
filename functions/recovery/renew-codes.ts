import { renewRecoveryCodes } from '#domain/recovery-codes';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requireSession } from '#http/session';

/**
 * POST /api/v1/me/recovery-codes -> 201 {recoveryCodes}: ten new codes, shown this once; the old
 * ones die. Needs a session with a second factor (403 step_up_required) signed in less than 15
 * minutes ago (403 reauthentication_required).
 */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSession(deps, event);
    const result = await renewRecoveryCodes(deps, session);
    switch (result.outcome) {
      case 'renewed':
        return json(201, { recoveryCodes: result.recoveryCodes });
      case 'step_up_required':
      case 'reauthentication_required':
        throw new HttpError(403, result.outcome).about(session.accountId);
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
