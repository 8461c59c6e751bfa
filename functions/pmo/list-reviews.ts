import { pendingReviews } from '#domain/pmo';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requirePmo } from '#http/session';

/** GET /api/v1/pmo/reviews?status=pending -> {items}, oldest first; the clerk's own request flagged `ownRequest`. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const clerk = await requirePmo(deps, event);
    if ((event.queryStringParameters?.status ?? 'pending') !== 'pending') throw new HttpError(400, 'validation_failed', { status: 'invalid' });
    const items = await pendingReviews(deps, clerk);
    return json(200, { items: items.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt)) });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
