import { confirmPhone } from '#domain/phones';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { VerifyPhoneBody } from '#http/contract/phones';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';
import { requireSession } from '#http/session';

/** POST /api/v1/me/phones/verify {challengeId, code} -> 201 {phoneId, phoneNumber, recoveryCodes?}: the codes come once, with the first phone. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSession(deps, event);
    const result = await confirmPhone(deps, session, parseBody(event, VerifyPhoneBody));
    switch (result.outcome) {
      case 'added':
        return json(201, {
          phoneId: result.phone.phoneId,
          phoneNumber: result.phone.phoneNumber,
          ...(result.recoveryCodes && { recoveryCodes: result.recoveryCodes }),
        });
      case 'invalid_code':
        throw new HttpError(400, 'invalid_code', { code: 'invalid' });
      case 'challenge_expired':
        throw new HttpError(410, 'challenge_expired');
      case 'phone_exists':
        throw new HttpError(409, 'phone_exists');
      case 'step_up_required':
        throw new HttpError(403, 'step_up_required').about(session.accountId);
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
