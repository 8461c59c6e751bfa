/**
 * `npm run openapi [-- <file>]`: writes the API's OpenAPI 3.1 document, generated from the contracts
 * in shared/http/contract/, to <file>, else to openapi.json at the root (committed; a test keeps it
 * equal to this output, and `npm run lint` lints it with Redocly).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROUTES } from '../functions/routes';
import { openApiDocument, serialiseOpenApi } from '#http/openapi';

// A relative path is the caller's, not the project root that npm runs scripts in.
const target = process.argv[2] ? resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2]) : resolve(__dirname, '..', 'openapi.json');
writeFileSync(target, serialiseOpenApi(openApiDocument(ROUTES)));
console.log(`OpenAPI document written to ${target}`);
