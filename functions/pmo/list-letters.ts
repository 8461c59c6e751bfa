import { lettersWith } from '#domain/pmo';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requirePmo } from '#http/session';

/** GET /api/v1/pmo/letters?status=queued|sent -> {items:[{letterId, requestId, recipient, staffNumber, createdAt, status, trackingNumber?, ownRequest}]}. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const clerk = await requirePmo(deps, event);
    const status = event.queryStringParameters?.status ?? 'queued';
    if (status !== 'queued' && status !== 'sent') throw new HttpError(400, 'validation_failed', { status: 'invalid' });
    const letters = await lettersWith(deps, clerk, status);
    return json(200, {
      items: letters.map((l) => ({
        letterId: l.letterId,
        requestId: l.requestId,
        recipient: l.recipient,
        staffNumber: l.staffNumber,
        createdAt: l.createdAt.toISOString(),
        status: l.status,
        trackingNumber: l.trackingNumber,
        ownRequest: l.ownRequest,
      })),
    });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
