import { createAccount } from '#domain/accounts';
import { solveCaptcha } from '#domain/captcha';
import { logger } from '#adapters/logger';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { CreateAccountBody } from '#http/contract/accounts';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { idempotent } from '#http/idempotency';
import { parseBody } from '#http/request';
import { json } from '#http/responses';

/**
 * POST /api/v1/accounts -> 202 {status:"pending"}, whether or not the email was known.
 * The CAPTCHA is checked only once the form is valid, so a typo does not burn it.
 */
export const buildHandler = (deps: Dependencies): RouteHandler =>
  idempotent(deps, async (event) => {
    const body = parseBody(event, CreateAccountBody);
    if (!(await solveCaptcha(deps, body.captchaId, body.captchaAnswer))) {
      throw new HttpError(400, 'captcha_invalid', { captchaAnswer: 'captcha_invalid' });
    }
    const outcome = await createAccount(deps, { firstName: body.firstName, lastName: body.lastName, email: body.email, emailLanguage: body.emailLanguage });
    logger.info('Registration handled', { outcome });
    return json(202, { status: 'pending' });
  });

export const handler = httpHandler(() => buildHandler(awsDependencies()));
