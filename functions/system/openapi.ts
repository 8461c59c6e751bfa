// As `npm run openapi` wrote it: generating it here would bundle every schema and libphonenumber's
// metadata into this function; test/contract/openapi.test.ts keeps the file equal to the generator's output.
import document from '../../openapi.json';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';

/** GET /api/v1/openapi.json: the API's OpenAPI 3.1 document. */
export const buildHandler = (): RouteHandler => async () => json(200, document);

export const handler = httpHandler(() => buildHandler());
