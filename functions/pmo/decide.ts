import { z } from 'zod';
import { decide } from '#domain/pmo';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';
import { text } from '#http/schemas';
import { requirePmo } from '#http/session';

const PostalAddress = z.object({
  name: text(120),
  lines: z.array(text(120)).min(1, 'required').max(4, 'too_long'),
  postalCode: text(12),
  city: text(80),
  country: text(60),
});
const DecisionBody = z.discriminatedUnion(
  'decision',
  [
    z.object({ decision: z.literal('approve'), reason: text(500).optional(), postalAddress: PostalAddress }),
    z.object({ decision: z.literal('reject'), reason: text(500) }),
  ],
  { error: 'invalid' },
);

/** POST /api/v1/pmo/reviews/{requestId}/decision: approve with the postal address, or reject with a reason. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const reviewer = await requirePmo(deps, event);
    const decision = parseBody(event, DecisionBody);
    const requestId = event.pathParameters?.requestId ?? '';
    const result = /^[\w-]{1,64}$/.test(requestId) ? await decide(deps, reviewer.username, requestId, decision) : 'not_found';
    if (result === 'not_found') throw new HttpError(404, 'not_found');
    if (result === 'conflict') throw new HttpError(409, 'conflict');
    return json(200, { requestId, decision: decision.decision });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
