import { redeemCode } from '#domain/rcam';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { RedeemCodeBody } from '#http/contract/rcam';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json, rateLimited } from '#http/responses';
import { requireSmsSession } from '#http/session';

/** POST /api/v1/rcam/code-redemptions {code} -> 200 {rcamAvailableAt, myIntracommAvailableAt}. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSmsSession(deps, event);
    const result = await redeemCode(deps, session.accountId, parseBody(event, RedeemCodeBody).code);
    switch (result.outcome) {
      case 'redeemed':
        return json(200, { rcamAvailableAt: result.rcamAvailableAt.toISOString(), myIntracommAvailableAt: result.myIntracommAvailableAt.toISOString() });
      case 'invalid_code':
        throw new HttpError(400, 'invalid_code', { code: 'invalid' });
      case 'code_expired':
        throw new HttpError(410, 'code_expired');
      case 'rate_limited':
        // Too many wrong codes for this account: not the SMS limit the "rate_limited" text speaks of.
        throw new HttpError(429, 'too_many_attempts', undefined, { retryAfterSeconds: result.retryAfterSeconds }, rateLimited(result.retryAfterSeconds));
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
