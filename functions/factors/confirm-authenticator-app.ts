import { ConfirmAppBody as ConfirmBody } from '#http/contract/factors';
import { confirmAuthenticatorApp } from '#domain/authenticator-apps';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';
import { requireSession } from '#http/session';

/** POST /api/v1/me/authenticator-apps/{appId}/confirm {code} -> 200 {appId}: one right code makes the app a factor. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSession(deps, event);
    const { code } = parseBody(event, ConfirmBody);
    const appId = event.pathParameters?.appId ?? '';
    const result = appId.length <= 64 ? await confirmAuthenticatorApp(deps, session, { appId, code }) : 'enrolment_expired';
    switch (result) {
      case 'confirmed':
        return json(200, { appId });
      case 'invalid_code':
        throw new HttpError(400, 'invalid_code', { code: 'invalid' });
      case 'enrolment_expired':
        throw new HttpError(410, 'enrolment_expired');
      default:
        throw new HttpError(403, result).about(session.accountId);
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
