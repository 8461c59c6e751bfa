import { confirmEmailChange } from '#domain/mail-delivery';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { ConfirmEmailBody } from '#http/contract/me';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';

/** POST /api/v1/email-changes/confirm {token} -> 200 {status:"email_changed", email}; 410 link_expired. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const { token } = parseBody(event, ConfirmEmailBody);
    const result = await confirmEmailChange(deps, token);
    if (result.outcome === 'link_expired') throw new HttpError(410, 'link_expired');
    return json(200, { status: 'email_changed', email: result.email });
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
