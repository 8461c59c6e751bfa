import { requestFactorReset } from '#domain/factor-reset';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requireSession } from '#http/session';

/**
 * POST /api/v1/me/second-factor-reset -> 202 {resetAt}: "J'ai perdu mon téléphone". The owner is
 * emailed a link to cancel; at `resetAt` (72 hours) the phones and recovery codes go. One at a
 * time: 409 reset_pending {resetAt} while one is in flight.
 */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSession(deps, event);
    const result = await requestFactorReset(deps, session);
    if (result.outcome === 'reset_pending') throw new HttpError(409, 'reset_pending', undefined, { resetAt: result.resetAt.toISOString() });
    return json(202, { resetAt: result.resetAt.toISOString() });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
