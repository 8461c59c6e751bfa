import QRCode from 'qrcode';
import { startAuthenticatorApp } from '#domain/authenticator-apps';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requireSession } from '#http/session';

/**
 * POST /api/v1/me/authenticator-apps -> 201 {appId, secret, otpauthUri, qrSvg, expiresAt}: a new
 * secret, shown this once, as text and as a QR code drawn here (no third party sees it). It becomes
 * a factor when confirmed with one code. Needs a recent session proven by a second factor.
 */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSession(deps, event);
    const result = await startAuthenticatorApp(deps, session);
    switch (result.outcome) {
      case 'started': {
        const qrSvg = await QRCode.toString(result.otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        const { appId, secret, otpauthUri, expiresAt } = result;
        return json(201, { appId, secret, otpauthUri, qrSvg, expiresAt: expiresAt.toISOString() });
      }
      case 'too_many_factors':
        throw new HttpError(409, 'too_many_factors');
      default:
        throw new HttpError(403, result.outcome).about(session.accountId);
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
