import { newCaptcha } from '#domain/captcha';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';

/** GET /api/v1/captcha -> {captchaId, svg}: a single-use image, good for 10 minutes. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async () =>
    json(200, await newCaptcha(deps));

export const handler = httpHandler(() => buildHandler(awsDependencies()));
