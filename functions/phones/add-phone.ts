import { startAddingPhone } from '#domain/phones';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { AddPhoneBody } from '#http/contract/phone-bodies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { idempotent } from '#http/idempotency';
import { parseBody } from '#http/request';
import { json } from '#http/responses';
import { requireSession } from '#http/session';
import { smsRefusalError } from '#http/sms-refusals';

/**
 * POST /api/v1/me/phones {phoneNumber} -> 202 {challengeId, expiresAt}: an 8-character code goes by SMS.
 * A password-only session may add the first phone only (403 step_up_required).
 */
export const buildHandler = (deps: Dependencies): RouteHandler =>
  idempotent(deps, async (event) => {
    const session = await requireSession(deps, event);
    const { phoneNumber } = parseBody(event, AddPhoneBody, { phoneNumber: 'phone_invalid' });
    const result = await startAddingPhone(deps, session, phoneNumber);
    switch (result.outcome) {
      case 'challenge_sent':
        return json(202, { challengeId: result.challengeId, expiresAt: result.expiresAt.toISOString() });
      case 'step_up_required':
        throw new HttpError(403, 'step_up_required').about(session.accountId);
      case 'reauthentication_required':
        throw new HttpError(403, 'reauthentication_required').about(session.accountId);
      case 'phone_exists':
        throw new HttpError(409, 'phone_exists', { phoneNumber: 'invalid' });
      default:
        throw smsRefusalError(result, session.accountId);
    }
  });

export const handler = httpHandler(() => buildHandler(awsDependencies()));
