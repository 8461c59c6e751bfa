import { z } from 'zod';
import { cancelFactorReset } from '#domain/factor-reset';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';
import { secret } from '#http/schemas';

const CancelBody = z.object({ token: secret });

/**
 * POST /api/v1/second-factor-reset/cancel {token} -> 200: the link from the email stops the reset;
 * no session needed (it may be opened on another device). Every session of the account ends.
 * 410 reset_link_expired once cancelled, carried out, or unknown.
 */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const { token } = parseBody(event, CancelBody);
    if ((await cancelFactorReset(deps, token)) === 'link_expired') throw new HttpError(410, 'reset_link_expired');
    return json(200, { status: 'cancelled' });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
