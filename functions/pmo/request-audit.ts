import { auditTrailOf } from '#domain/pmo';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requirePmo } from '#http/session';

/** GET /api/v1/pmo/requests/{requestId}/audit -> {items:[{at, actor, action, details?}]}, oldest first. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    await requirePmo(deps, event);
    const requestId = event.pathParameters?.requestId ?? '';
    const items = /^[\w-]{1,64}$/.test(requestId) ? await auditTrailOf(deps, requestId) : undefined;
    if (!items) throw new HttpError(404, 'not_found');
    return json(200, { items });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
