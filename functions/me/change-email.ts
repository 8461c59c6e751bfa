import { requestEmailChange } from '#domain/mail-delivery';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { ChangeEmailBody } from '#http/contract/me';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json, rateLimited } from '#http/responses';
import { requireSmsSession } from '#http/session';

/**
 * PUT /api/v1/me/email {email} -> 202: a confirmation link to the new address (or, for another
 * account's address, a notice to its owner: the same 202). Needs a session with a second factor.
 */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSmsSession(deps, event);
    const { email } = parseBody(event, ChangeEmailBody);
    const result = await requestEmailChange(deps, session, email);
    switch (result.outcome) {
      case 'sent':
        return json(202, { status: 'confirmation_sent' });
      case 'same_email':
        throw new HttpError(400, 'validation_failed', { email: 'same_email' });
      case 'step_up_required':
        throw new HttpError(403, 'step_up_required').about(session.accountId);
      case 'rate_limited':
        throw new HttpError(429, 'rate_limited', undefined, { retryAfterSeconds: result.retryAfterSeconds }, rateLimited(result.retryAfterSeconds)).about(
          session.accountId,
        );
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
