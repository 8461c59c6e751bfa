import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient } from './api-client';

type Json = Record<string, any>;

/** One request and its answer, as a client saw them. */
export interface Exchange {
  method: string;
  /** With its query string, if any. */
  path: string;
  requestBody?: unknown;
  status: number;
  contentType: string | null;
  responseBody: unknown;
}

/** The committed document, as the API serves it. */
export const committedOpenApi = (): Json => JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as Json;

const MEDIA_TYPE = (contentType: string | null) => contentType?.split(';')[0].trim() ?? '';

/**
 * What an OpenAPI document allows, checked exchange by exchange with a JSON Schema 2020-12
 * validator: the route and method, path and query parameters, the request body, the status, the
 * response's media type and body. Objects are closed in the document, so an undocumented field
 * in either direction is a violation.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv2020({ strict: true, allErrors: true });
  private readonly validators = new Map<object, ValidateFunction>();
  private readonly operations: Array<{ path: string; pattern: RegExp; literal: number; methods: Record<string, Json> }>;

  constructor(document: Json) {
    addFormats(this.ajv);
    // The components become the $defs of one schema, so that every $ref resolves with no OpenAPI-specific keyword in sight.
    const rewritten = JSON.parse(JSON.stringify(document).replaceAll('"#/components/schemas/', '"contract#/$defs/')) as Json;
    this.ajv.addSchema({ $id: 'contract', $defs: rewritten.components.schemas });
    this.operations = Object.entries(rewritten.paths as Record<string, Json>).map(([path, methods]) => ({
      path,
      pattern: new RegExp(`^${path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
      literal: path.split('/').filter((segment) => !segment.startsWith('{')).length,
      methods,
    }));
  }

  private validate(schema: object, value: unknown): string[] {
    let validator = this.validators.get(schema);
    if (!validator) this.validators.set(schema, (validator = this.ajv.compile(schema)));
    return validator(value)
      ? []
      : (validator.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message} ${JSON.stringify(error.params)}`);
  }

  /** Every way the exchange departs from the document; none when it conforms. */
  violations(exchange: Exchange): string[] {
    const url = new URL(exchange.path, 'http://contract');
    // The most literal path first, as API Gateway routes: /me/phones/verify before /me/phones/{phoneId}.
    const matches = this.operations
      .map((operation) => ({ operation, match: operation.pattern.exec(url.pathname) }))
      .filter(({ match }) => match)
      .sort((a, b) => b.operation.literal - a.operation.literal);
    if (!matches.length) return [`no documented path matches ${url.pathname}`];
    const found = matches.find(({ operation }) => operation.methods[exchange.method.toLowerCase()]);
    if (!found) return [`${exchange.method} is not documented for ${matches[0].operation.path}`];
    const operation = found.operation.methods[exchange.method.toLowerCase()];
    const where = `${exchange.method} ${found.operation.path}`;
    const violations: string[] = [];

    const parameters = (operation.parameters as Json[]).filter((parameter) => !parameter.$ref);
    for (const parameter of parameters.filter((p) => p.in === 'path')) {
      const value = decodeURIComponent(found.match!.groups![parameter.name as string]);
      violations.push(...this.validate(parameter.schema as object, value).map((error) => `${where}: path parameter ${parameter.name}: ${error}`));
    }
    for (const [name, value] of url.searchParams) {
      const parameter = parameters.find((p) => p.in === 'query' && p.name === name);
      if (!parameter) violations.push(`${where}: query parameter ${name} is not documented`);
      else violations.push(...this.validate(parameter.schema as object, value).map((error) => `${where}: query parameter ${name}: ${error}`));
    }
    for (const parameter of parameters.filter((p) => p.in === 'query' && p.required && !url.searchParams.has(p.name as string))) {
      violations.push(`${where}: query parameter ${parameter.name} is required`);
    }

    const requestSchema = operation.requestBody?.content?.['application/json']?.schema as object | undefined;
    if (requestSchema && exchange.requestBody === undefined) violations.push(`${where}: the request needs a body`);
    else if (requestSchema) violations.push(...this.validate(requestSchema, exchange.requestBody).map((error) => `${where}: request body ${error}`));
    else if (exchange.requestBody !== undefined) violations.push(`${where}: no request body is documented`);

    const response = (operation.responses as Record<string, Json>)[String(exchange.status)];
    if (!response) return [...violations, `${where}: status ${exchange.status} is not documented`];
    const content = response.content as Record<string, Json> | undefined;
    if (!content) {
      if (exchange.responseBody !== '' && exchange.responseBody !== undefined) violations.push(`${where} ${exchange.status}: no response body is documented`);
      return violations;
    }
    const mediaType = MEDIA_TYPE(exchange.contentType);
    const documented = content[mediaType];
    if (!documented)
      return [...violations, `${where} ${exchange.status}: ${mediaType || 'no content type'} is not documented (${Object.keys(content).join(', ')})`];
    if (mediaType === 'application/json') {
      violations.push(
        ...this.validate(documented.schema as object, exchange.responseBody).map((error) => `${where} ${exchange.status}: response body ${error}`),
      );
    }
    return violations;
  }
}

let shared: OpenApiContract | undefined;
/** The contract of the committed openapi.json, compiled once per test file. */
export const openApiContract = () => (shared ??= new OpenApiContract(committedOpenApi()));

/**
 * An ApiClient whose every /api/ request and answer must conform to openapi.json: any
 * undocumented route, method, parameter, status, media type or field fails the request that met it.
 * The local runtime's own endpoints (/_local/) are not the API's and pass unchecked.
 */
export class ContractClient extends ApiClient {
  override async request(method: string, path: string, body?: unknown) {
    const response = await super.request(method, path, body);
    if (path.startsWith('/api/')) {
      const exchange = {
        method,
        path,
        requestBody: body,
        status: response.status,
        contentType: response.headers.get('content-type'),
        responseBody: response.body,
      };
      const violations = openApiContract().violations(exchange);
      if (violations.length) {
        throw new Error(`${method} ${path} -> ${response.status} departs from openapi.json:\n  ${violations.join('\n  ')}\n${JSON.stringify(response.body)}`);
      }
    }
    return response;
  }
}
