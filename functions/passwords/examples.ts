import { passwordExamples } from '#domain/password-policy';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';

/** GET /api/v1/password-examples -> {examples:[5]}: the manual's "generate other examples". */
export const buildHandler = (): RouteHandler => async () => json(200, { examples: passwordExamples(5) });

export const handler = httpHandler(() => buildHandler());
