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
  // How many lines fit is the envelope window's to say (address_too_tall); this only bounds the input.
  lines: z.array(text(120)).min(1, 'required').max(20, 'too_long'),
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
    const result = /^[\w-]{1,64}$/.test(requestId) ? await decide(deps, reviewer, requestId, decision) : { outcome: 'not_found' as const };
    switch (result.outcome) {
      case 'decided':
        return json(200, { requestId, decision: decision.decision });
      case 'unprintable_address':
        throw new HttpError(400, 'validation_failed', result.faults);
      case 'own_request':
        throw new HttpError(403, 'own_request').about(reviewer.accountId);
      case 'not_found':
        throw new HttpError(404, 'not_found');
      case 'conflict':
        throw new HttpError(409, 'conflict');
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
