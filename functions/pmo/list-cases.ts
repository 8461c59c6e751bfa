import { listCases } from '#domain/cases';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requirePmo } from '#http/session';

const STATES = ['open', 'retried', 'closed'] as const;

/** GET /api/v1/pmo/cases?status=open|retried|closed -> {items:[...]}: workflows that ended badly, oldest first ("to handle"). */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    await requirePmo(deps, event);
    const status = event.queryStringParameters?.status ?? 'open';
    if (!(STATES as readonly string[]).includes(status)) throw new HttpError(400, 'validation_failed', { status: 'invalid' });
    return json(200, { items: await listCases(deps, status as (typeof STATES)[number]) });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
