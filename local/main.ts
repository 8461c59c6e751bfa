import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { installVirtualClock, type VirtualClock } from './clock';
import { freePort } from './ports';

const ROOT = resolve(__dirname, '..');

export interface LocalOptions {
  /** 0 picks a free port. */
  port: number;
  /** Where DynamoDB Local, the outbox and the clock keep their state; undefined runs in memory. */
  dataDir?: string;
  /** The built web client to serve; by default it is built at start (web/build.ts, ~0.2 s). */
  webDir?: string;
  /**
   * A DynamoDB Local already running, and a table of this runtime's own in it: tests share one
   * JVM instead of starting one per runtime. Unset, the runtime starts and stops its own.
   */
  dynamoDb?: { endpoint: string; tableName: string };
  /** Hears of every function invocation, state transition and DynamoDB call (`npm run cost`). */
  meter?: import('./meter').LocalMeter;
  /** argon2id's parameters, for tests that run the runtime in their own process; unset, the production ones. */
  argon2?: import('#adapters/argon2-hasher').Argon2Parameters;
}

export interface LocalRuntime {
  url: string;
  clock: VirtualClock;
  outbox: import('./outbox').Outbox;
  pmo: import('./pmo-account').LocalPmo & { username: string };
  /** The ports the handlers run with, for tests that arrange state directly. */
  deps: import('#shared/dependencies').Dependencies;
  stepFunctions: import('./step-functions').LocalStepFunctions;
  /** The DynamoDB table it keeps its data in, for tests that read every item. */
  dynamoDb: { endpoint: string; tableName: string };
  faults: import('./faults').LocalFaults;
  /** The journey's funnel, counted here as the functions' metrics would be in CloudWatch (GET /_local/metrics). */
  funnel: import('#domain/funnel').CountingFunnel;
  /** The OpenID provider's keys (a file under the data directory, else memory); `rotate()` plays the rotation function. */
  oidcKeys: import('#adapters/oidc-keys').LocalOidcKeyStore;
  stop(): Promise<void>;
}

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, () => ok((server.address() as AddressInfo).port));
  });

/** `load`'s function, loaded at the first call and kept; every call goes to it. */
const onFirstCall = <A extends unknown[], R>(load: () => Promise<(...args: A) => Promise<R>>) => {
  let loaded: Promise<(...args: A) => Promise<R>> | undefined;
  return async (...args: A): Promise<R> => (await (loaded ??= load()))(...args);
};

/**
 * Brings up the whole system in this process: the virtual clock first (everything after it reads
 * it), DynamoDB Local, the state machines synthesized from their CDK constructs, and the front
 * door serving the same handlers as AWS with the outbox in place of SES/SNS.
 */
export const startLocal = async (options: LocalOptions): Promise<LocalRuntime> => {
  const clockFile = options.dataDir && join(options.dataDir, 'clock.json');
  const savedOffset = clockFile && existsSync(clockFile) ? (JSON.parse(readFileSync(clockFile, 'utf8')) as { offsetMs: number }).offsetMs : 0;
  const clock = installVirtualClock({ offsetMs: savedOffset });
  const saveClock = () => clockFile && writeFileSync(clockFile, JSON.stringify({ offsetMs: clock.offsetMs() }));

  // Imported after the clock is installed, so that every module sees the virtual time.
  const { startDynamoDbLocal, ensureTable } = await import('./dynamodb');
  const { Outbox } = await import('./outbox');
  const { LocalStepFunctions } = await import('./step-functions');
  const { createFrontDoor } = await import('./front-door');
  const { synthesizeWorkflows, localStateMachineArn } = await import('./workflows');
  const { ROUTES, WORKFLOW_TASKS } = await import('../functions/routes');
  const { httpHandler } = await import('#http/http-handler');
  const { buildDependencies, withinAccess } = await import('#shared/dependencies');
  const { loadConfig } = await import('#shared/config');
  const { LOCAL_TABLE_NAME } = await import('#shared/table');
  const { ensureLocalPmo, localPmoSettings } = await import('./pmo-account');
  const { metered } = await import('./meter');
  const { LocalFaults } = await import('./faults');
  const { CountingFunnel } = await import('#domain/funnel');
  const { bounceEndpoint, funnelEndpoint } = await import('./local-endpoints');

  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const dynamo = options.dynamoDb
    ? { endpoint: options.dynamoDb.endpoint, end: async () => undefined }
    : await startDynamoDbLocal({ port: await freePort(), dataDir: options.dataDir && join(options.dataDir, 'dynamodb') });
  const tableName = options.dynamoDb?.tableName ?? LOCAL_TABLE_NAME;
  await ensureTable(dynamo.endpoint, tableName);

  const outbox = new Outbox({ now: () => clock.now() }, options.dataDir && join(options.dataDir, 'outbox.jsonl'));
  // Outages on demand (POST /_local/faults), on the virtual clock.
  const faults = new LocalFaults(() => clock.now());
  const captchaAnswers = new Map<string, string>();
  const funnel = new CountingFunnel();
  const activationArn = localStateMachineArn('AccountActivation');
  const rcamArn = localStateMachineArn('RcamEnrollment');
  const factorResetArn = localStateMachineArn('SecondFactorReset');

  // Handlers are built on first use, after `deps` exists; the server needs its port first.
  // eslint-disable-next-line prefer-const -- assigned once the server's port is known, after the handlers that close over it
  let deps: import('#shared/dependencies').Dependencies;
  // Each function's module is imported at its first invocation, as Lambda loads a function's code at
  // its cold start (and outside the meter, as the init phase is): a runtime, or a test, loads only
  // the functions it calls. Each handler gets the ports of its declared access only, as its bundle and IAM role in AWS.
  const routes = ROUTES.map((route) => ({
    ...route,
    handler: onFirstCall(async () => {
      const module = (await import(`../functions/${route.entry}`)) as { buildHandler: (d: typeof deps) => import('#http/http-handler').RouteHandler };
      return metered(
        options.meter,
        route.name,
        httpHandler(
          () => module.buildHandler(withinAccess(deps, route.access)),
          () => deps.publicOrigin,
          undefined,
          { crossSite: route.crossSite },
        ),
      );
    }),
  }));
  // A function served at more than one route (API Gateway: more routes to one integration).
  const localRoutes = routes.flatMap((route) => [route, ...(route.alsoAt ?? []).map((also) => ({ ...route, ...also }))]);
  // Workflow tasks: the same modules as the deployed functions, built with the local dependencies.
  const functions: Record<string, (payload: unknown) => Promise<unknown>> = {};
  for (const task of Object.values(WORKFLOW_TASKS)) {
    functions[task.name] = onFirstCall(async () => {
      const module = (await import(`../functions/${task.entry}`)) as { buildHandler: (d: typeof deps) => (input: unknown) => Promise<unknown> };
      return metered(options.meter, task.name, (payload: unknown) => module.buildHandler(withinAccess(deps, task.access))(payload));
    });
  }
  const definitions = synthesizeWorkflows();
  const stepFunctions = new LocalStepFunctions(
    [
      { arn: activationArn, definition: definitions.activation, functions },
      { arn: rcamArn, definition: definitions.rcam, functions },
      { arn: factorResetArn, definition: definitions.factorReset, functions },
      // Kept under the data directory: a restart carries on every running execution (local/execution-journal.ts).
    ],
    { journalFile: options.dataDir && join(options.dataDir, 'executions.json') },
  );
  if (options.meter) stepFunctions.onTransition = options.meter.transition;
  const stuckCases = deliverStuckExecutions([activationArn, rcamArn, factorResetArn], functions[WORKFLOW_TASKS.recordStuckExecution.name], (ms, retry) =>
    setTimeout(retry, ms),
  );
  stepFunctions.onStatusChange = stuckCases.deliver;

  const { buildWeb } = await import('../web/build');
  const MAIL_FROM = 'no-reply@passerelle.localhost';
  const { LocalOidcKeyStore } = await import('#adapters/oidc-keys');
  const oidcKeys = new LocalOidcKeyStore({ now: () => clock.now() }, options.dataDir && join(options.dataDir, 'oidc-keys.json'));
  const { demoClients, demoRelyingParty } = await import('./demo-rp');
  // eslint-disable-next-line prefer-const -- assigned once the server's port (the demo services' origin) is known
  let demoRp: ReturnType<typeof demoRelyingParty> | undefined;
  const { localEidProvider, localEidProviders } = await import('./eid-provider');
  // eslint-disable-next-line prefer-const -- assigned once the server's port (the provider's issuer) is known
  let eidProvider: ReturnType<typeof localEidProvider> | undefined;
  const server = createFrontDoor({
    routes: localRoutes,
    outbox,
    clock,
    stepFunctions,
    faults,
    captchaAnswers,
    webDir: options.webDir ?? buildWeb(),
    siteConfig: { mailFrom: MAIL_FROM, local: true },
    onClockMoved: saveClock,
    localEndpoints: [funnelEndpoint(funnel), bounceEndpoint(outbox, () => deps)],
    extraLocal: async (req, res, url) => (eidProvider && (await eidProvider(req, res, url))) || (demoRp ? demoRp(req, res, url) : false),
  });
  clock.setActivityProbe(() => stepFunctions.busy() || server.busy() || stuckCases.busy());
  // Lets `npm run admin` reach this DynamoDB Local while it runs.
  const endpointFile = options.dataDir && join(options.dataDir, 'dynamodb-endpoint');
  if (endpointFile) writeFileSync(endpointFile, dynamo.endpoint);
  const port = await listen(server, options.port);
  const url = `http://localhost:${port}`;
  const config = loadConfig({
    TABLE_NAME: tableName,
    PUBLIC_ORIGIN: url,
    MAIL_FROM,
    ACTIVATION_STATE_MACHINE_ARN: activationArn,
    RCAM_STATE_MACHINE_ARN: rcamArn,
    FACTOR_RESET_STATE_MACHINE_ARN: factorResetArn,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    STEP_FUNCTIONS_ENDPOINT: `http://127.0.0.1:${port}/_local/sfn`,
    // The national eID: a stand-in at /_local/eid with test identities (local/eid-provider.ts).
    EID_PROVIDERS: JSON.stringify(localEidProviders(url)),
  });
  const pmo = localPmoSettings();
  deps = buildDependencies(config, {
    mailer: faults.mailer(outbox.mailer()),
    sms: faults.smsSender(outbox.smsSender()),
    dynamoDbFault: () => faults.check('dynamodb'),
    mailroom: outbox.mailroom(),
    clock: { now: () => clock.now() },
    revealCaptchaAnswer: (captchaId, answer) => captchaAnswers.set(captchaId, answer),
    funnel,
    onConsumedCapacity: options.meter?.consumedCapacity,
    oidcKeys,
    ...(options.argon2 && (await import('#adapters/argon2-hasher')).createArgon2Hashers(options.argon2)),
  });
  // The three demo services and their relying party at /_local/demo-rp (README, "Connecting a service").
  await Promise.all(demoClients(url).map((client) => deps.serviceClients.save(client)));
  demoRp = demoRelyingParty(url);
  eidProvider = localEidProvider(url);

  const pmoUsername = await ensureLocalPmo(deps, pmo);
  // The executions a previous run left running carry on, now that their task handlers can run.
  stepFunctions.resume();
  server.ready();

  return {
    url,
    clock,
    pmo: { ...pmo, username: pmoUsername },
    deps,
    outbox,
    stepFunctions,
    dynamoDb: { endpoint: dynamo.endpoint, tableName },
    faults,
    funnel,
    oidcKeys,
    stop: async () => {
      stepFunctions.stop();
      saveClock();
      await new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      });
      // Its files (a data directory) are closed, and nothing is left running, when this resolves.
      await dynamo.end();
      if (endpointFile) rmSync(endpointFile, { force: true });
      clock.uninstall();
    },
  };
};

/** EventBridge's delivery of its events to a Lambda target: retried with backoff for up to 24 hours. */
const EVENT_MAX_AGE_MS = 24 * 3600 * 1000;
const EVENT_RETRY_FIRST_MS = 60 * 1000;
const EVENT_RETRY_MAX_MS = 30 * 60 * 1000;

/**
 * The local stand-in for the rule of infra/constructs/workflows.ts: executions of these state
 * machines that end FAILED, TIMED_OUT or ABORTED go to the recorder, retried as EventBridge
 * retries (a table outage delays the case, it does not lose it).
 */
const deliverStuckExecutions = (stateMachineArns: string[], record: (event: unknown) => Promise<unknown>, later: (ms: number, retry: () => void) => void) => {
  let inFlight = 0;
  const attempt = (event: import('./step-functions').ExecutionStatusChangeEvent, firstAt: number, delayMs: number) => {
    inFlight++;
    record(event)
      .catch(() => {
        if (Date.now() - firstAt + delayMs > EVENT_MAX_AGE_MS) return;
        later(delayMs, () => attempt(event, firstAt, Math.min(delayMs * 2, EVENT_RETRY_MAX_MS)));
      })
      .finally(() => inFlight--);
  };
  return {
    deliver: (event: import('./step-functions').ExecutionStatusChangeEvent) => {
      if (!['FAILED', 'TIMED_OUT', 'ABORTED'].includes(event.detail.status) || !stateMachineArns.includes(event.detail.stateMachineArn)) return;
      attempt(event, Date.now(), EVENT_RETRY_FIRST_MS);
    },
    busy: () => inFlight > 0,
  };
};

if (require.main === module) {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const inMemory = process.argv.includes('--in-memory') || process.env.LOCAL_IN_MEMORY === '1';
  const dataDir = inMemory ? undefined : resolve(process.env.DATA_DIR ?? join(ROOT, '.data'));
  const started = performance.now();
  // Tests that run `npm start` hand it their DynamoDB Local (and a table of its own) rather than wait for another JVM.
  const shared = process.env.LOCAL_DYNAMODB_ENDPOINT;
  const dynamoDb = inMemory && shared ? { endpoint: shared, tableName: `passerelle-${process.pid}-${Date.now()}` } : undefined;
  startLocal({ port: Number(process.env.PORT ?? 3000), dataDir, dynamoDb })
    .then((runtime) => {
      console.log(
        [
          `Passerelle is running at ${runtime.url} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
          `  data:    ${dataDir ?? 'in memory (nothing kept)'}`,
          `  outbox:  ${runtime.url}/_local/outbox`,
          `  clock:   ${runtime.url}/_local/clock  (now ${runtime.clock.now().toISOString()})`,
          `  PMO reviewer: ${runtime.pmo.email} / "${runtime.pmo.password}" (username ${runtime.pmo.username}), phone ${runtime.pmo.phone}`,
          'Ctrl+C to stop.',
        ].join('\n'),
      );
      const shutdown = () => void runtime.stop().then(() => process.exit(0));
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    })
    .catch((error: Error) => {
      console.error(`Passerelle could not start: ${error.message}`);
      process.exit(1);
    });
}
