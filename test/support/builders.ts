import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../../local/dynamodb';
import { Outbox } from '../../local/outbox';
import { tableRef, type TableRef } from '#adapters/dynamo/client';
import type { Clock } from '#domain/clock';
import { CountingFunnel } from '#domain/funnel';
import { DEFAULT_LIMITS } from '#domain/rules';
import type { TaskCallbacks, Workflows } from '#domain/workflows-ports';
import type { SecurityEvent, SecurityEventLog } from '#domain/security-events';
import { loggedSecurityEvents } from '#adapters/security-log';
import { createArgon2Hashers } from '#adapters/argon2-hasher';
import { LIGHT_ARGON2 } from './light-argon2';
import { buildDependencies, type Dependencies } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#http/http-handler';

export const ORIGIN = 'https://passerelle.test';
/** Where unknown logins' decoy emails go in tests. */
export const DECOY_MAIL_TO = 'decoy@simulator.passerelle.test';

/**
 * A clock the test moves by hand. It starts at the real time: DynamoDB Local's TTL sweeper deletes
 * items whose `ttl` is in the real past, so a clock set in the past would see its items vanish.
 */
export class TestClock implements Clock {
  constructor(private current = new Date(Math.floor(Date.now() / 1000) * 1000)) {}
  now = () => new Date(this.current);
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

/** Records activations started; can be told to fail, to inject a Step Functions outage. */
export class RecordingWorkflows implements Workflows {
  readonly started: string[] = [];
  readonly rcamStarted: string[] = [];
  readonly factorResetsStarted: Array<{ accountId: string; resetId: string; resetAt: Date }> = [];
  readonly stopped: string[] = [];
  failWith?: Error;
  async startAccountActivation(accountId: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.started.push(accountId);
  }
  async startRcamEnrollment(requestId: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.rcamStarted.push(requestId);
  }
  async startSecondFactorReset(reset: { accountId: string; resetId: string; resetAt: Date }): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.factorResetsStarted.push(reset);
  }
  async stopRcamEnrollment(requestId: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.stopped.push(`rcam-${requestId}`);
  }
  async stopSecondFactorReset(resetId: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.stopped.push(`factor-reset-${resetId}`);
  }
  readonly restarted: Array<{ stateMachineArn: string; executionName: string; input: string }> = [];
  async restart(stateMachineArn: string, executionName: string, input: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.restarted.push({ stateMachineArn, executionName, input });
  }
}

export class RecordingCallbacks implements TaskCallbacks {
  readonly resumed: Array<{ taskToken: string; output: Record<string, unknown> }> = [];
  async succeed(taskToken: string, output: Record<string, unknown>): Promise<'resumed' | 'gone'> {
    this.resumed.push({ taskToken, output });
    return 'resumed';
  }
}

/** Keeps every security event for the test to read, and logs it as production does. */
export class RecordingSecurityEvents implements SecurityEventLog {
  readonly recorded: SecurityEvent[] = [];
  record(event: SecurityEvent): void {
    this.recorded.push(event);
    loggedSecurityEvents.record(event);
  }
  of(type: SecurityEvent['type']): SecurityEvent[] {
    return this.recorded.filter((event) => event.type === type);
  }
}

export interface Harness {
  deps: Dependencies;
  table: TableRef;
  clock: TestClock;
  outbox: Outbox;
  workflows: RecordingWorkflows;
  callbacks: RecordingCallbacks;
  securityEvents: RecordingSecurityEvents;
  captchaAnswers: Map<string, string>;
  funnel: CountingFunnel;
  /** Every item of the table, for "nothing changed" and "no secret stored" checks. */
  items(): Promise<Record<string, unknown>[]>;
}

/** Real adapters on a fresh DynamoDB Local table, with the outbox as mailer, a hand-moved clock and light argon2id (./light-argon2.ts). */
export const harness = async (): Promise<Harness> => {
  const tableName = `t-${randomUUID()}`;
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT!;
  await ensureTable(endpoint, tableName);
  const clock = new TestClock();
  const outbox = new Outbox(clock);
  const workflows = new RecordingWorkflows();
  const callbacks = new RecordingCallbacks();
  const securityEvents = new RecordingSecurityEvents();
  const captchaAnswers = new Map<string, string>();
  const funnel = new CountingFunnel();
  const deps = buildDependencies(
    { tableName, publicOrigin: ORIGIN, mailFrom: 'no-reply@passerelle.test', dynamoDbEndpoint: endpoint, decoyMailTo: DECOY_MAIL_TO, limits: DEFAULT_LIMITS },
    {
      mailer: outbox.mailer(),
      sms: outbox.smsSender(),
      mailroom: outbox.mailroom(),
      clock,
      workflows,
      callbacks,
      securityEvents,
      funnel,
      ...createArgon2Hashers(LIGHT_ARGON2),
      revealCaptchaAnswer: (id, answer) => captchaAnswers.set(id, answer),
    },
  );
  const table = tableRef(tableName, endpoint);
  return {
    deps,
    table,
    clock,
    outbox,
    workflows,
    callbacks,
    securityEvents,
    captchaAnswers,
    funnel,
    items: async () => (await table.doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? [],
  };
};

/** An API Gateway HTTP API (payload 2.0) event. */
export const httpEvent = (options: {
  method?: string;
  path?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  cookies?: string[];
}): APIGatewayProxyEventV2 => {
  const method = options.method ?? 'POST';
  const path = options.path ?? '/';
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    cookies: options.cookies,
    headers: { 'content-type': 'application/json', ...(method === 'GET' ? {} : { origin: ORIGIN }), ...options.headers },
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'passerelle.test',
      domainPrefix: 'passerelle',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'jest' },
      requestId: randomUUID(),
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    isBase64Encoded: false,
  };
};

const context = { functionName: 'test', awsRequestId: 'test', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

export interface ParsedResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: any;
}

/** Runs a route handler through the production middleware chain and parses its JSON. */
export const invoke = async (build: () => RouteHandler, event: APIGatewayProxyEventV2): Promise<ParsedResponse> => {
  const result = await httpHandler(build, () => ORIGIN)(event, context);
  return {
    statusCode: result.statusCode ?? 200,
    headers: (result.headers ?? {}) as Record<string, string>,
    cookies: result.cookies ?? [],
    body: result.body && String(result.headers?.['content-type']).includes('json') ? JSON.parse(result.body) : result.body,
  };
};

/** A person through steps 1-6 of the manual: account, link, password; returns the session secret. */
export const signedUpPerson = async (
  h: Harness,
  person: { firstName?: string; lastName?: string; email: string; emailLanguage?: 'fr' | 'en' | 'de' | 'it' | 'nl' },
) => {
  const { createAccount } = await import('#domain/accounts');
  const { sendActivationLink, setPassword } = await import('#domain/password-links');
  await createAccount(h.deps, {
    firstName: person.firstName ?? 'Bernard',
    lastName: person.lastName ?? 'Zanella',
    email: person.email,
    emailLanguage: person.emailLanguage ?? 'fr',
  });
  const accountId = h.workflows.started.at(-1)!;
  await sendActivationLink(h.deps, { accountId, taskToken: `task-${accountId}` });
  const token = /token=([\w-]+)/.exec(h.outbox.list(person.email).at(-1)!.text)![1];
  const result = await setPassword(h.deps, token, PASSWORD);
  if (result.outcome !== 'password_set') throw new Error(result.outcome);
  const account = (await h.deps.accounts.findById(accountId))!;
  return { accountId, username: account.username, sessionToken: result.sessionToken };
};

export const PASSWORD = 'Ceci est un exemple1';

/** The cookie header value for a session secret. */
export const sessionCookieFor = (token: string) => [`__Host-session=${token}`];

/** The newest SMS code sent to `to`, as printed (9WGA-RXAX or ABC-123-DEF). */
export const latestSmsCode = (outbox: Outbox, to: string): string => {
  const sms = outbox.list(to).filter((m) => m.channel === 'sms');
  return /([A-Z0-9]{3,4}(?:-[A-Z0-9]{3,4})+)/.exec(sms.at(-1)!.text)![1];
};
