import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTES } from '../../functions/routes';
import { openApiDocument, serialiseOpenApi } from '#http/openapi';
import { OIDC_ENDPOINTS } from '#http/oidc-endpoints';
import { committedOpenApi, OpenApiContract, type Exchange } from '../support/contract';

const ROOT = join(__dirname, '..', '..');

/** The error codes a response of `route` may carry with `status`, as the document says. */
const documentedCodes = (document: any, method: string, path: string, status: number): string[] =>
  document.paths[path][method.toLowerCase()].responses[status]?.content['application/json'].schema.allOf[1].properties.error.properties.code.enum ?? [];

describe('the OpenAPI document (openapi.json)', () => {
  const document = committedOpenApi();

  it('is what `npm run openapi` writes from the contracts: run it after changing a schema, a route or an error', () => {
    expect(readFileSync(join(ROOT, 'openapi.json'), 'utf8')).toBe(serialiseOpenApi(openApiDocument(ROUTES)));
  });

  it('documents every route of functions/routes.ts, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // The OpenID provider's one function (ANY) answers the endpoints the specifications define: listed by path.
    const expected = [...ROUTES.filter((route) => route.method !== 'ANY').flatMap((route) => [route, ...(route.alsoAt ?? [])]), ...OIDC_ENDPOINTS].map(
      (route) => `${route.method} ${route.path}`,
    );
    expect(documented.sort()).toEqual(expected.sort());
  });

  it('refuses to generate a document that misses a route, or documents one that does not exist', () => {
    expect(() => openApiDocument([...ROUTES, { method: 'GET', path: '/api/v1/nope', name: 'Nope' }])).toThrow(/without a contract.*GET \/api\/v1\/nope/);
    expect(() => openApiDocument(ROUTES.filter((route) => route.name !== 'Health'))).toThrow(/without a route: \[GET \/api\/v1\/health\]/);
  });

  it("lists, for each route, every error its handler throws (each `new HttpError(status, 'code')` and each helper's)", () => {
    // What the shared helpers a handler calls may answer, beyond its own throws.
    const helpers: Array<[RegExp, Array<[number, string]>]> = [
      [
        /\bparseBody\(/,
        [
          [400, 'validation_failed'],
          [400, 'invalid_json'],
          [413, 'payload_too_large'],
        ],
      ],
      [/\bphoneNumber: 'phone_invalid'/, [[400, 'phone_invalid']]],
      [/\brequire(Session|SmsSession|Pmo)\(/, [[401, 'unauthenticated']]],
      [/\brequireSmsSession\(/, [[403, 'step_up_required']]],
      [/\brequirePmo\(/, [[403, 'forbidden']]],
      [/\bsmsRefusalError\(/, [[400, 'phone_country_not_allowed']]],
    ];
    const missing: string[] = [];
    for (const route of ROUTES.filter((r) => r.method !== 'ANY')) {
      const source = readFileSync(join(ROOT, 'functions', `${route.entry}.ts`), 'utf8');
      const thrown: Array<[number, string]> = [...source.matchAll(/new HttpError\((\d{3}), '(\w+)'/g)].map(([, status, code]) => [Number(status), code]);
      for (const [pattern, errors] of helpers) if (pattern.test(source)) thrown.push(...errors);
      if (route.method !== 'GET') thrown.push([403, 'forbidden_origin']);
      for (const [status, code] of thrown) {
        if (!documentedCodes(document, route.method, route.path, status).includes(code)) missing.push(`${route.method} ${route.path}: ${status} ${code}`);
      }
    }
    expect(missing).toEqual([]);
  });

  describe('checked exchange by exchange (test/support/contract.ts, as the e2e journey uses it)', () => {
    const contract = new OpenApiContract(document);
    const health: Exchange = {
      method: 'GET',
      path: '/api/v1/health',
      status: 200,
      contentType: 'application/json; charset=utf-8',
      responseBody: { status: 'ok' },
    };
    const lookup: Exchange = {
      method: 'POST',
      path: '/api/v1/password-links/lookup',
      requestBody: { token: 't' },
      status: 410,
      contentType: 'application/json; charset=utf-8',
      responseBody: { error: { code: 'link_expired', message: 'Ce lien a expiré.' } },
    };

    it('accepts what the API answers', () => {
      expect(contract.violations(health)).toEqual([]);
      expect(contract.violations(lookup)).toEqual([]);
      expect(contract.violations({ ...health, method: 'DELETE', path: '/api/v1/me/phones/abc', status: 204, contentType: null, responseBody: '' })).toEqual([]);
    });

    it('refuses an undocumented route, method, status or query parameter', () => {
      expect(contract.violations({ ...health, path: '/api/v1/nope' })).toEqual(['no documented path matches /api/v1/nope']);
      expect(contract.violations({ ...health, method: 'DELETE' })).toEqual(['DELETE is not documented for /api/v1/health']);
      expect(contract.violations({ ...health, status: 201 })).toEqual(['GET /api/v1/health: status 201 is not documented']);
      expect(contract.violations({ ...health, path: '/api/v1/health?verbose=1' })).toEqual(['GET /api/v1/health: query parameter verbose is not documented']);
    });

    it('refuses an undocumented field, in the answer or in the request', () => {
      expect(contract.violations({ ...health, responseBody: { status: 'ok', uptime: 3 } })).toEqual([
        expect.stringMatching(/^GET \/api\/v1\/health 200: response body \(root\) must NOT have additional properties .*uptime/),
      ]);
      expect(contract.violations({ ...lookup, requestBody: { token: 't', extra: 1 } })).toEqual([
        expect.stringMatching(/^POST \/api\/v1\/password-links\/lookup: request body \(root\) must NOT have additional properties .*extra/),
      ]);
    });

    it('refuses an error code its status does not list, and anything but the one error envelope', () => {
      expect(contract.violations({ ...lookup, responseBody: { error: { code: 'challenge_expired', message: 'x' } } })).toEqual([
        expect.stringMatching(/410: response body \/error\/code must be equal to one of the allowed values/),
      ]);
      expect(contract.violations({ ...lookup, responseBody: { message: 'Gone' } })).not.toEqual([]);
    });
  });
});
