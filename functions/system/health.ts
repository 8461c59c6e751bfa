import type { Dependencies } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';

/** GET /api/v1/health: answers once the function can serve. */
export const buildHandler =
  (_deps?: Dependencies): RouteHandler =>
  async () =>
    json(200, { status: 'ok' });

export const handler = httpHandler(() => buildHandler());
