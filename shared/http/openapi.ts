import * as z from 'zod/mini';
import { translate } from '#domain/i18n';
import { LANGUAGES } from '#domain/languages';
import { CONTRACTS } from './contract';
import { ErrorEnvelope } from './contract/envelope';
import type { Caller, Named, Operation } from './contract/operation';
import { OIDC_ENDPOINTS } from './oidc-endpoints';
import { SESSION_COOKIE } from './responses';

type Json = Record<string, unknown>;

/** A route as functions/routes.ts lists it (shared/ does not import functions/: the caller passes ROUTES). */
export interface DocumentedRoute {
  method: string;
  path: string;
  /** PascalCase; the operationId is its camelCase. */
  name: string;
  /** More routes to the same function, each with its own operation name (else the function's name and a number). */
  alsoAt?: ReadonlyArray<{ method: string; path: string; name?: string }>;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const OIDC_TAG = { name: 'openid', description: 'The OpenID provider of the services (README, "Connecting a service"): endpoints defined by OpenID Connect.' };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * A zod schema as JSON Schema 2020-12. Request bodies are converted as they are typed (`io: 'input'`:
 * before trimming and normalising) and described closed: the API ignores fields it does not know,
 * so a client has no reason to send one. Refinements (a name's letters, a password's confirmation)
 * have no JSON Schema form: the handlers' answers tell them.
 */
const jsonSchemaOf = (schema: z.ZodMiniType, io: 'input' | 'output'): Json => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    override: ({ jsonSchema }) => {
      if (jsonSchema.type === 'object' && jsonSchema.properties && jsonSchema.additionalProperties === undefined) jsonSchema.additionalProperties = false;
    },
  });
  return json;
};

/** The codes a route may answer with, by status: its own plus those every route of its kind has. */
const errorCodesOf = (method: string, operation: Operation): Map<number, string[]> => {
  const codes = new Map<number, string[]>();
  const add = (status: number, ...more: string[]) => codes.set(status, [...new Set([...(codes.get(status) ?? []), ...more])]);
  const implied: Record<Caller, Array<[number, string]>> = {
    anyone: [],
    session: [[401, 'unauthenticated']],
    second_factor: [
      [401, 'unauthenticated'],
      [403, 'step_up_required'],
    ],
    pmo: [
      [401, 'unauthenticated'],
      [403, 'forbidden'],
    ],
  };
  // shared/http/request.ts parseBody, before anything about the fields.
  if (operation.body) add(400, 'validation_failed', 'invalid_json');
  for (const [status, own] of Object.entries(operation.errors ?? {})) add(Number(status), ...own);
  for (const [status, code] of implied[operation.caller]) add(status, code);
  // shared/http/middleware.ts originGuard, before the handler.
  if (UNSAFE_METHODS.has(method)) add(403, 'forbidden_origin');
  if (operation.body) add(413, 'payload_too_large');
  // shared/http/idempotency.ts, before the handler.
  if (operation.idempotent) {
    add(400, 'idempotency_key_invalid');
    add(409, 'request_in_progress');
    add(422, 'idempotency_key_reused');
  }
  add(500, 'internal_error');
  // shared/http/middleware.ts errorEnvelope: the table, SES, SNS or Step Functions throttled or down.
  add(503, 'service_unavailable');
  return new Map([...codes].sort(([a], [b]) => a - b));
};

const securityOf = (operation: Operation) => (operation.caller !== 'anyone' ? [{ session: [] }] : operation.readsSessionCookie ? [{}, { session: [] }] : []);

const errorResponse = (status: number, codes: string[]) => ({
  description: codes.map((code) => `\`${code}\`: ${translate('en', `errors.${code}`)}`).join('\n\n'),
  ...((status === 429 || status === 503 || codes.includes('request_in_progress')) && {
    headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
  }),
  content: {
    'application/json': {
      schema: { allOf: [ref('Error'), { type: 'object', properties: { error: { type: 'object', properties: { code: { enum: codes } } } } }] },
    },
  },
});

/**
 * The OpenAPI 3.1 document of the API: every route of `routes`, each from its feature's contract
 * (shared/http/contract/), the same schemas its handler validates with. Throws when a route has no
 * contract or a contract no route, so that neither can be forgotten.
 */
export const openApiDocument = (allRoutes: readonly DocumentedRoute[]): Json => {
  // ANY: the OpenID provider's function, whose endpoints the specifications define (listed below, by path).
  // A function's further routes (alsoAt) are documented as routes of their own.
  const routes = allRoutes
    .filter((route) => route.method !== 'ANY')
    .flatMap((route) => [
      route,
      ...(route.alsoAt ?? []).map((also, index) => ({ method: also.method, path: also.path, name: also.name ?? `${route.name}${index + 2}` })),
    ]);
  const contracted = new Map(CONTRACTS.flatMap((contract) => Object.entries(contract.operations).map(([key, operation]) => [key, { contract, operation }])));
  const routed = new Set(routes.map((route) => `${route.method} ${route.path}`));
  const uncontracted = [...routed].filter((key) => !contracted.has(key));
  const unrouted = [...contracted.keys()].filter((key) => !routed.has(key));
  if (uncontracted.length || unrouted.length) {
    throw new Error(`Routes without a contract in shared/http/contract: [${uncontracted.join(', ')}]; contracts without a route: [${unrouted.join(', ')}]`);
  }

  const schemas: Record<string, Json> = { Error: jsonSchemaOf(ErrorEnvelope, 'output') };
  const named = new Map<string, z.ZodMiniType>([['Error', ErrorEnvelope]]);
  const component = ({ name, schema }: Named, io: 'input' | 'output') => {
    const known = named.get(name);
    if (known && known !== schema) throw new Error(`Two schemas are named ${name}`);
    if (!known) {
      named.set(name, schema);
      schemas[name] = jsonSchemaOf(schema, io);
    }
    return ref(name);
  };

  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const { contract, operation } = contracted.get(`${route.method} ${route.path}`)!;
    const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
      const description = operation.pathParameters?.[name];
      if (!description) throw new Error(`${route.method} ${route.path}: describe {${name}} in its contract's pathParameters`);
      // Handlers answer 404 for anything longer, or (ids of requests and letters) other than letters, digits, _ and -.
      return { name, in: 'path', required: true, description, schema: { type: 'string', minLength: 1, maxLength: 64 } };
    });
    const query = Object.entries(operation.query ?? {}).map(([name, { description, schema }]) => ({
      name,
      in: 'query',
      required: !z.safeParse(schema, undefined).success,
      description,
      schema: jsonSchemaOf(schema, 'input'),
    }));
    const responses: Record<string, Json> = {};
    for (const [status, { description, body, cookie, attachment }] of Object.entries(operation.responses)) {
      responses[status] = {
        description,
        ...(cookie && { headers: { 'Set-Cookie': { $ref: `#/components/headers/${cookie === 'set' ? 'SessionCookie' : 'ClearedSessionCookie'}` } } }),
        ...(attachment && { headers: { 'Content-Disposition': { description: attachment, schema: { type: 'string' } } } }),
        ...(body === 'pdf' && { content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } }),
        ...(body && body !== 'pdf' && { content: { 'application/json': { schema: component(body, 'output') } } }),
      };
    }
    for (const [status, codes] of errorCodesOf(route.method, operation)) responses[status] = errorResponse(status, codes);

    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = {
      operationId: route.name[0].toLowerCase() + route.name.slice(1),
      tags: [contract.tag.name],
      summary: operation.summary,
      ...(operation.description && { description: operation.description }),
      security: securityOf(operation),
      parameters: [
        { $ref: '#/components/parameters/AcceptLanguage' },
        ...(UNSAFE_METHODS.has(route.method) ? [{ $ref: '#/components/parameters/Origin' }] : []),
        ...(operation.idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
        ...pathParameters,
        ...query,
      ],
      ...(operation.body && { requestBody: { required: true, content: { 'application/json': { schema: component(operation.body, 'input') } } } }),
      responses,
    };
  }

  for (const endpoint of OIDC_ENDPOINTS) {
    paths[endpoint.path] ??= {};
    paths[endpoint.path][endpoint.method.toLowerCase()] = {
      operationId: endpoint.name[0].toLowerCase() + endpoint.name.slice(1),
      tags: [OIDC_TAG.name],
      summary: endpoint.summary,
      description: `Defined by ${endpoint.spec}; served by oidc-provider. Not a Passerelle JSON API: errors follow the specification, not the envelope.`,
      externalDocs: { url: endpoint.spec },
      security: [],
      ...(endpoint.path.includes('{uid}') && {
        parameters: [{ name: 'uid', in: 'path', required: true, description: 'The interaction, as the provider named it.', schema: { type: 'string' } }],
      }),
      responses:
        endpoint.answers === 'redirect'
          ? { 303: { description: 'To the next step: the sign-in page, or the service with a code or an error.' } }
          : endpoint.answers === 'html'
            ? { 200: { description: 'A page, in the language of Accept-Language.', content: { 'text/html': { schema: { type: 'string' } } } } }
            : { 200: { description: 'As the specification defines it.', content: { 'application/json': { schema: { type: 'object' } } } } },
    };
  }

  return {
    openapi: '3.1.1',
    info: {
      title: 'Passerelle API',
      version: 'v1',
      description: [
        'Online access for retired European civil servants: an account, a password, mobile phones, sign-in with an SMS code, and RCAM en ligne.',
        'Every answer is JSON (the letter to print excepted), never cached. Every error, 4xx and 5xx alike, is the one envelope ' +
          '`{"error":{"code","message","fields?"}}` (schema `Error`); each response lists its codes. Messages follow `Accept-Language`.',
        'Every POST and DELETE must carry the `Origin` of the site, as browsers do; others get 403 `forbidden_origin`.',
        'Request bodies are described closed: the API ignores fields it does not document.',
        'Generated by `npm run openapi` from shared/http/contract/, the schemas the functions validate with.',
      ].join('\n\n'),
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [
      {
        url: '/',
        description:
          'The site itself, which serves this document: `npm start` (http://localhost:3000), or the deployed origin (CloudFront sends /api/* to the API)',
      },
    ],
    tags: [...CONTRACTS.map((contract) => contract.tag), OIDC_TAG],
    paths,
    components: {
      schemas,
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The session cookie, set by signing in or setting a password (Secure; HttpOnly; SameSite=Strict).',
        },
      },
      parameters: {
        AcceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: `The language of error messages: ${LANGUAGES.join(', ')}; French by default.`,
          schema: { type: 'string' },
        },
        Origin: {
          name: 'Origin',
          in: 'header',
          required: true,
          description: "The site's own origin (a defence against cross-site requests, on top of SameSite=Strict).",
          schema: { type: 'string' },
        },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a retry safe: drawn at random by the client (a UUID), the same for every retry of one request. The request runs once; ' +
            'a retry with the same key and body gets its answer again, with `Idempotent-Replayed: true`, for 24 hours (refusals are not ' +
            'kept: a retry runs again). The same key with another body is 422 `idempotency_key_reused`; while the first still runs, 409 ' +
            '`request_in_progress` with Retry-After. Scoped to the route and the session.',
          schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,128}$' },
        },
      },
      headers: {
        SessionCookie: { description: `The session: \`${SESSION_COOKIE}=<token>; Secure; HttpOnly; SameSite=Strict; Path=/\``, schema: { type: 'string' } },
        ClearedSessionCookie: { description: `Clears the session cookie (\`${SESSION_COOKIE}=; ...; Max-Age=0\`).`, schema: { type: 'string' } },
        RetryAfter: { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 1 } },
      },
    },
  };
};

/** The document as `npm run openapi` writes it (and a test compares with the committed file). */
export const serialiseOpenApi = (document: Json): string => `${JSON.stringify(document, null, 2)}\n`;
