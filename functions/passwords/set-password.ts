import { translate } from '#domain/i18n';
import { setPassword } from '#domain/password-links';
import { logger } from '#adapters/logger';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { SetPasswordBody } from '#http/contract/passwords';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { languageOf, parseBody } from '#http/request';
import { json, sessionCookie } from '#http/responses';

/** POST /api/v1/password -> 200 {status:"password_set"} and a session cookie; 422 lists every broken rule; 410 dead link. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const body = parseBody(event, SetPasswordBody);
    const result = await setPassword(deps, body.token, body.password);
    switch (result.outcome) {
      case 'link_expired':
        throw new HttpError(410, 'link_expired');
      case 'password_policy': {
        const language = languageOf(event);
        throw new HttpError(422, 'password_policy', undefined, {
          rules: result.broken.map((rule) => ({ rule, message: translate(language, `passwordRules.${rule}`) })),
        });
      }
      case 'password_set':
        logger.info('Password set');
        return json(200, { status: 'password_set' }, { cookies: [sessionCookie(result.sessionToken)] });
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
