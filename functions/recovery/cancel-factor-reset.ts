import { cancelFactorReset } from '#domain/factor-reset';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { CancelFactorResetBody } from '#http/contract/recovery';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';

/**
 * POST /api/v1/second-factor-reset/cancel {token} -> 200: the link from the email stops the reset;
 * no session needed (it may be opened on another device). Every session of the account ends.
 * 410 reset_link_expired once cancelled, carried out, or unknown.
 */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const { token } = parseBody(event, CancelFactorResetBody);
    if ((await cancelFactorReset(deps, token)) === 'link_expired') throw new HttpError(410, 'reset_link_expired');
    return json(200, { status: 'cancelled' });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
