import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { LambdaHttpHandler } from '#http/http-handler';
import type { Outbox } from './outbox';
import { outboxPage } from './outbox';
import type { VirtualClock } from './clock';
import type { LocalStepFunctions } from './step-functions';
import { FAULT_MODES, FAULT_SERVICES, awsError, type FaultMode, type FaultService, type LocalFaults } from './faults';
import { CONTENT_SECURITY_POLICY, type SiteConfig } from '../web/build';

export interface LocalRoute {
  method: string;
  path: string;
  name: string;
  handler: LambdaHttpHandler;
}

export interface FrontDoorOptions {
  routes: LocalRoute[];
  outbox: Outbox;
  clock: VirtualClock;
  stepFunctions: LocalStepFunctions;
  /** Outages on demand: POST /_local/faults. */
  faults?: LocalFaults;
  captchaAnswers: Map<string, string>;
  webDir: string;
  /** Served as /config.json: what the web client needs to know of this runtime. */
  siteConfig: SiteConfig;
  /** Called after the clock moved, e.g. to persist it. */
  onClockMoved?: () => void;
  /** More /_local endpoints, each answering the requests it knows (see local/local-endpoints.ts). */
  localEndpoints?: readonly LocalEndpoint[];
  /** Local-only pages under /_local/ beyond the built-in tools (the demo relying party): true when it answered. */
  extraLocal?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
}

/** A /_local endpoint kept outside this module: it answers a request it knows, or undefined. */
export type LocalEndpoint = (request: { method: string; path: string; body: () => Promise<string> }) => Promise<{ status: number; body: unknown } | undefined>;

const MAX_BODY = 1024 * 1024;
/** Ten years: far beyond anything the service waits for, small enough to stay a sane number. */
const MAX_ADVANCE_SECONDS = 10 * 366 * 24 * 3600;
/** A fault lasts at most a week of virtual time: longer than any retry schedule of the service. */
const MAX_FAULT_MINUTES = 7 * 24 * 60;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * A file, revalidated at each use (no-cache) against a validator, as S3 and CloudFront serve the
 * site: an unchanged file is a 304, and the browser keeps what it made of it (parsed styles, compiled code).
 */
const sendFile = (req: IncomingMessage, res: ServerResponse, file: string) => {
  const { size, mtimeMs } = statSync(file);
  const etag = `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
  const headers = {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    etag,
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'referrer-policy': 'no-referrer',
  };
  if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) {
    res.writeHead(304, headers);
    return res.end();
  }
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
};

// `{name}` is one segment, `{name+}` the rest of the path (API Gateway's greedy parameter).
const pathPattern = (path: string): RegExp => new RegExp(`^${path.replace(/\{(\w+)\+\}/g, '(?<$1>.+)').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);

const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

const localError = (res: ServerResponse, status: number, code: string, message: string) => sendJson(res, status, { error: { code, message } });

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('Body too large'), { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** An API Gateway HTTP API (payload 2.0) event, as AWS would build it for this request. */
export const toApiGatewayEvent = (
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  routeKey: string,
  pathParameters?: Record<string, string>,
): APIGatewayProxyEventV2 => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = req.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const now = new Date();
  const isText = body.length === 0 || /json|text|x-www-form-urlencoded/.test(headers['content-type'] ?? 'application/json');
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies,
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: !isText,
  };
};

const lambdaContext = (functionName: string): Context =>
  ({
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    // No getRemainingTimeInMillis: middy would arm its early-timeout timer on the virtual clock, and
    // a jump of the clock during a request would "time it out".
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as unknown as Context;

/**
 * POST /_local/faults {service: "ses"|"sns"|"dynamodb"|"sfn", mode: "error"|"throttle", minutes} makes
 * that service fail for that many virtual minutes; DELETE ends every fault; GET lists those on.
 */
const serveFaults = async (req: IncomingMessage, res: ServerResponse, faults: LocalFaults) => {
  if (req.method === 'GET') return sendJson(res, 200, { faults: faults.list() });
  if (req.method === 'DELETE') {
    faults.clear();
    return sendJson(res, 200, { faults: [] });
  }
  if (req.method !== 'POST') return localError(res, 405, 'method_not_allowed', 'This method is not accepted here.');
  let body: { service?: unknown; mode?: unknown; minutes?: unknown };
  try {
    body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as typeof body;
  } catch {
    return localError(res, 400, 'invalid_json', 'The request is not valid JSON.');
  }
  const { service, mode, minutes } = body ?? {};
  if (
    !(FAULT_SERVICES as readonly unknown[]).includes(service) ||
    !(FAULT_MODES as readonly unknown[]).includes(mode) ||
    typeof minutes !== 'number' ||
    !Number.isFinite(minutes) ||
    minutes <= 0 ||
    minutes > MAX_FAULT_MINUTES
  ) {
    return localError(
      res,
      400,
      'validation_failed',
      `Send {"service": ${FAULT_SERVICES.map((s) => `"${s}"`).join('|')}, "mode": "error"|"throttle", "minutes": 1 to ${MAX_FAULT_MINUTES}}.`,
    );
  }
  return sendJson(res, 200, { fault: faults.set(service as FaultService, mode as FaultMode, minutes), faults: faults.list() });
};

const writeLambdaResponse = (res: ServerResponse, result: APIGatewayProxyStructuredResultV2) => {
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined);
};

/** The local HTTP entrance: API routes to the same handlers as in AWS, /_local tools, and the web client. */
export const createFrontDoor = (options: FrontDoorOptions): Server & { busy(): boolean; ready(): void } => {
  let apiRequestsInFlight = 0;
  // The port opens before the last start-up steps (the URL is part of the configuration): the
  // API answers 503 until everything is ready, so that health means ready.
  let ready = false;
  const routes = options.routes.map((route) => ({ ...route, pattern: pathPattern(route.path) }));

  const serveLocal = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const path = url.pathname;
    if (path === '/_local/outbox' && req.method === 'GET') {
      const messages = options.outbox.list(url.searchParams.get('to') ?? undefined);
      if ((req.headers.accept ?? '').includes('text/html')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(outboxPage(messages));
      } else sendJson(res, 200, { messages });
      return;
    }
    // axe-core, for checking a page's accessibility from the page itself (the browser suites load it
    // with a script tag; so can a developer, from the console): as a file of the site, the browser
    // compiles it once, where handing its 550 KB to each page through the driver cost 0.2 s of CPU a check.
    if (path === '/_local/axe.js' && req.method === 'GET') return sendFile(req, res, require.resolve('axe-core/axe.min.js'));
    if (path === '/_local/clock' && req.method === 'GET') return sendJson(res, 200, { now: options.clock.now().toISOString() });
    if (path === '/_local/clock' && req.method === 'POST') {
      let advanceSeconds: unknown;
      try {
        advanceSeconds = (JSON.parse((await readBody(req)).toString('utf8') || '{}') as { advanceSeconds?: unknown }).advanceSeconds;
      } catch {
        return localError(res, 400, 'invalid_json', 'The request is not valid JSON.');
      }
      if (typeof advanceSeconds !== 'number' || !Number.isFinite(advanceSeconds) || advanceSeconds <= 0 || advanceSeconds > MAX_ADVANCE_SECONDS) {
        return localError(res, 400, 'validation_failed', `advanceSeconds must be a number of seconds between 0 and ${MAX_ADVANCE_SECONDS}.`);
      }
      const now = await options.clock.advance(advanceSeconds);
      options.onClockMoved?.();
      return sendJson(res, 200, { now: now.toISOString() });
    }
    const captcha = /^\/_local\/captcha\/([^/]+)$/.exec(path);
    if (captcha && req.method === 'GET') {
      const answer = options.captchaAnswers.get(decodeURIComponent(captcha[1]));
      return answer ? sendJson(res, 200, { answer }) : localError(res, 404, 'not_found', 'No such CAPTCHA.');
    }
    if (path === '/_local/faults' && options.faults) return serveFaults(req, res, options.faults);
    if (path.startsWith('/_local/sfn') && req.method === 'POST') {
      const fault = options.faults?.active('sfn');
      if (fault) {
        // Step Functions itself is down or throttling: the API calls fail as AWS fails them (executions under way go on).
        const error = awsError('sfn', fault);
        res.writeHead(error.$metadata.httpStatusCode, { 'content-type': 'application/x-amz-json-1.0' });
        return res.end(JSON.stringify({ __type: error.name, message: error.message }));
      }
      const result = options.stepFunctions.handle(String(req.headers['x-amz-target'] ?? ''), (await readBody(req)).toString('utf8'));
      res.writeHead(result.status, { 'content-type': 'application/x-amz-json-1.0' });
      return res.end(result.body);
    }
    if (path === '/_local/executions' && req.method === 'GET') {
      return sendJson(res, 200, {
        executions: options.stepFunctions
          .listExecutions()
          .map(({ name, status, output, error, startDate, stopDate }) => ({ name, status, output, error, startDate, stopDate })),
      });
    }
    for (const endpoint of options.localEndpoints ?? []) {
      const answer = await endpoint({ method: req.method ?? 'GET', path, body: async () => (await readBody(req)).toString('utf8') });
      if (answer) return sendJson(res, answer.status, answer.body);
    }
    if (options.extraLocal && (await options.extraLocal(req, res, url))) return;
    return localError(res, 404, 'not_found', 'No such local endpoint.');
  };

  const serveApi = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!ready) return localError(res, 503, 'starting', 'Passerelle is starting.');
    const matching = routes
      .map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
      .filter((m): m is { route: (typeof routes)[number]; match: RegExpExecArray } => m.match !== null);
    const found = matching.find((m) => m.route.method === req.method || m.route.method === 'ANY');
    if (!found) {
      return matching.length
        ? localError(res, 405, 'method_not_allowed', 'This method is not accepted here.')
        : localError(res, 404, 'not_found', 'This address does not exist.');
    }
    apiRequestsInFlight++;
    try {
      const body = await readBody(req);
      const event = toApiGatewayEvent(req, url, body, `${found.route.method} ${found.route.path}`, found.match.groups ? { ...found.match.groups } : undefined);
      writeLambdaResponse(res, await found.route.handler(event, lambdaContext(found.route.name)));
    } finally {
      apiRequestsInFlight--;
    }
  };

  const serveWeb = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return localError(res, 405, 'method_not_allowed', 'This method is not accepted here.');
    if (url.pathname === '/config.json') return sendJson(res, 200, options.siteConfig);
    const requested = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(options.webDir, requested);
    // Pages are client-side routes (/set-password, /sign-in...): they all load index.html.
    if (!file.startsWith(options.webDir) || !existsSync(file) || statSync(file).isDirectory()) {
      if (extname(requested)) return localError(res, 404, 'not_found', 'This address does not exist.');
      file = join(options.webDir, 'index.html');
    }
    sendFile(req, res, file);
  };

  // Its connection checks would run on the virtual clock: once per 30 s of a 6-month jump. Rarely is enough here.
  const server = createServer({ connectionsCheckingInterval: 2 ** 31 - 1 }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const serve = url.pathname.startsWith('/_local/') ? serveLocal : /^\/(api|oidc|\.well-known)\//.test(url.pathname) ? serveApi : serveWeb;
    Promise.resolve(serve(req, res, url)).catch((error: Error & { status?: number }) => {
      if (res.headersSent) return res.destroy();
      if (error.status === 413) return localError(res, 413, 'payload_too_large', 'The request is too large.');
      console.error('[front door]', error.name);
      localError(res, 500, 'internal_error', 'Something unexpected went wrong.');
    });
  });
  return Object.assign(server, {
    busy: () => apiRequestsInFlight > 0,
    ready: () => {
      ready = true;
    },
  });
};
