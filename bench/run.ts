/**
 * `npm run bench`: what a person waits for, measured here rather than guessed in tests. Speed is
 * only ever compared with a floor measured in the same run, on the same machine:
 *  1. Lambda bundles: size and cold load (a fresh Node 24 process: require, then a first
 *     invocation against DynamoDB Local), each divided by a reference bundle's (the DynamoDB
 *     client and one GetItem: what any function here must at least load and do).
 *  2. Hot paths against DynamoDB Local: password hashing, account creation, setting a password.
 *  3. The web client: what a browser downloads on a first visit (gzip, as CloudFront serves it).
 *  4. Sign-in against its floor: `npm start` under concurrency = cores, password sign-in, GET /me
 *     and health; (argon2id + GET /me) / sign-in says how close sign-in is to what it must do.
 * Writes bench/results.json. Bounded: a few minutes on a 2-core machine.
 */
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ROUTES, WORKFLOW_TASKS, type Access } from '../functions/routes';
import { bundleDefines, UNBUNDLED_MODULES } from '../infra/bundles';

const ROOT = resolve(__dirname, '..');
// Inside the project, so that unbundled modules resolve from node_modules as they do in the function's own.
const out = join(ROOT, '.bench');
mkdirSync(out, { recursive: true });

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const median = (values: number[]) => percentile(values, 50);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const ratio = (value: number) => `${value.toFixed(2)}x`;
const run = promisify(execFile);

/** What the run found, written to bench/results.json at the end. */
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cores: availableParallelism() };

/** The floor: a function that loads the DynamoDB client and reads one item, bundled like ours. */
const REFERENCE_SOURCE = `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const Key = { pk: { S: 'REFERENCE' }, sk: { S: 'REFERENCE' } };
export const handler = async () => client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key }));
`;

const bundle = async (entryPoint: string, outfile: string, access?: Access) => {
  await build({
    entryPoints: [entryPoint],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: UNBUNDLED_MODULES,
    define: bundleDefines(access),
    outfile,
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'error',
  });
  return statSync(outfile).size;
};

/** A first invocation each function can take: an HTTP request with an unknown session, or a workflow step for an unknown request. */
const firstEvent = (entry: string, method = 'POST', path = '/') =>
  entry.startsWith('workflow/')
    ? { step: 'complete', requestId: '00000000-0000-4000-8000-000000000000', accountId: '00000000-0000-4000-8000-000000000000', taskToken: 't' }
    : {
        version: '2.0',
        routeKey: `${method} ${path}`,
        rawPath: path,
        rawQueryString: '',
        cookies: [`__Host-session=${randomBytes(32).toString('base64url')}`],
        headers: { 'content-type': 'application/json', origin: 'https://bench.test' },
        requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' }, requestId: 'bench' },
        body: '{}',
        isBase64Encoded: false,
      };

/** Milliseconds from require() to the end of the first invocation, in a fresh Node process (this one's Node: 24 under npm). */
const coldLoad = async (file: string, event: unknown, env: NodeJS.ProcessEnv): Promise<number> => {
  const script = `const t=performance.now();const m=require(${JSON.stringify(file)});
Promise.resolve(m.handler(${JSON.stringify(event)},{functionName:'bench',awsRequestId:'bench',getRemainingTimeInMillis:()=>10000}))
.catch(()=>undefined).then(()=>process.stdout.write(String(performance.now()-t)))`;
  const { stdout } = await run(process.execPath, ['-e', script], { env });
  return Number(stdout);
};

const bundles = async (dynamoEndpoint: string, tableName: string) => {
  const functions = [
    ...ROUTES.map((route) => ({ name: route.name, entry: route.entry, access: route.access, method: route.method, path: route.path })),
    ...Object.values(WORKFLOW_TASKS).map((task) => ({ name: task.name, entry: task.entry, access: task.access, method: undefined, path: undefined })),
  ];
  const referenceEntry = join(out, 'reference.ts');
  writeFileSync(referenceEntry, REFERENCE_SOURCE);
  const referenceFile = join(out, 'reference.js');
  const referenceSize = await bundle(referenceEntry, referenceFile);
  const files = new Map<string, { file: string; size: number; event: unknown }>();
  for (const fn of functions) {
    const file = join(out, `${fn.entry.replace(/\//g, '-')}.js`);
    files.set(fn.name, {
      file,
      size: await bundle(join(ROOT, 'functions', `${fn.entry}.ts`), file, fn.access),
      event: firstEvent(fn.entry, fn.method, fn.path),
    });
  }
  const env = {
    PATH: process.env.PATH,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TABLE_NAME: tableName,
    PUBLIC_ORIGIN: 'https://bench.test',
    MAIL_FROM: 'bench@bench.test',
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
  // Rounds over every bundle, the reference in each, so that a busy moment of the machine falls on all alike.
  const ROUNDS = 5;
  const loads = new Map<string, number[]>([['reference', []], ...functions.map((fn) => [fn.name, []] as [string, number[]])]);
  for (let round = 0; round < ROUNDS; round++) {
    loads.get('reference')!.push(await coldLoad(referenceFile, {}, env));
    for (const fn of functions) loads.get(fn.name)!.push(await coldLoad(files.get(fn.name)!.file, files.get(fn.name)!.event, env));
  }
  const referenceLoad = median(loads.get('reference')!);
  console.log('\nLambda bundles (esbuild, minified, SDK inside, as CDK builds them), against the reference (DynamoDB client + GetItem)');
  console.log(`cold load: a fresh Node ${process.version} process, require + first invocation against DynamoDB Local, median of ${ROUNDS}`);
  console.log('function'.padEnd(26), 'size'.padStart(9), 'ratio'.padStart(7), 'cold load'.padStart(10), 'ratio'.padStart(7));
  console.log('reference'.padEnd(26), `${(referenceSize / 1024).toFixed(0)} KiB`.padStart(9), ''.padStart(7), ms(referenceLoad).padStart(10));
  const rows = functions.map((fn) => {
    const { size } = files.get(fn.name)!;
    const load = median(loads.get(fn.name)!);
    return { name: fn.name, entry: fn.entry, sizeBytes: size, sizeRatio: size / referenceSize, coldLoadMs: load, coldLoadRatio: load / referenceLoad };
  });
  for (const row of rows) {
    console.log(
      row.name.padEnd(26),
      `${(row.sizeBytes / 1024).toFixed(0)} KiB`.padStart(9),
      ratio(row.sizeRatio).padStart(7),
      ms(row.coldLoadMs).padStart(10),
      ratio(row.coldLoadRatio).padStart(7),
    );
  }
  const summary = {
    medianSizeRatio: median(rows.map((row) => row.sizeRatio)),
    largestSizeRatioButTheLetter: Math.max(...rows.filter((row) => row.name !== WORKFLOW_TASKS.prepareLetter.name).map((row) => row.sizeRatio)),
    medianColdLoadRatio: median(rows.map((row) => row.coldLoadRatio)),
  };
  console.log(
    `median size ratio ${ratio(summary.medianSizeRatio)} (target <= 1.3), largest but the letter's ${ratio(summary.largestSizeRatioButTheLetter)}` +
      ` (target <= 2.0), median cold-load ratio ${ratio(summary.medianColdLoadRatio)} (target <= 1.3)`,
  );
  results.bundles = { reference: { sizeBytes: referenceSize, coldLoadMs: referenceLoad }, functions: rows, ...summary };
};

const hotPaths = async (dynamoEndpoint: string) => {
  const { ensureTable } = await import('../local/dynamodb');
  const { Outbox } = await import('../local/outbox');
  const { buildDependencies } = await import('#shared/dependencies');
  const { createAccount } = await import('#domain/accounts');
  const { sendActivationLink, setPassword } = await import('#domain/password-links');
  const { argon2Hasher } = await import('#adapters/argon2-hasher');
  const { systemClock } = await import('#domain/clock');
  const { DEFAULT_LIMITS } = await import('#domain/rules');
  const { CountingFunnel } = await import('#domain/funnel');

  {
    await ensureTable(dynamoEndpoint, 'bench');
    const outbox = new Outbox(systemClock);
    const started: string[] = [];
    const deps = buildDependencies(
      {
        tableName: 'bench',
        publicOrigin: 'https://bench.test',
        mailFrom: 'bench@bench.test',
        dynamoDbEndpoint: dynamoEndpoint,
        decoyMailTo: 'decoy@bench.test',
        limits: DEFAULT_LIMITS,
      },
      {
        mailer: outbox.mailer(),
        sms: outbox.smsSender(),
        workflows: {
          startAccountActivation: async (id) => void started.push(id),
          startRcamEnrollment: async () => undefined,
          startSecondFactorReset: async () => undefined,
          stopRcamEnrollment: async () => undefined,
          stopSecondFactorReset: async () => undefined,
          restart: async () => undefined,
        },
        callbacks: { succeed: async () => 'resumed' as const },
        // The funnel counted here, not printed as EMF lines between the bench's figures.
        funnel: new CountingFunnel(),
      },
    );
    const time = async (label: string, count: number, run: (i: number) => Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < count; i++) {
        const t = performance.now();
        await run(i);
        samples.push(performance.now() - t);
      }
      console.log(label.padEnd(44), `p50 ${ms(percentile(samples, 50))}`.padStart(13), `p95 ${ms(percentile(samples, 95))}`.padStart(13));
      return samples;
    };
    console.log('\nHot paths (DynamoDB Local on this machine: compare runs, not with AWS)');
    const hashes = await time('argon2id hash (m=19456, t=2, p=1)', 30, () => argon2Hasher.hash('Ceci est un exemple1'));
    const stored = await argon2Hasher.hash('Ceci est un exemple1');
    const verifications = await time('argon2id verification', 30, () => argon2Hasher.verify(stored, 'Ceci est un exemple1'));
    results.argon2id = { hashMsP50: percentile(hashes, 50), verifyMsP50: percentile(verifications, 50) };
    await time('create account (3 conditional puts)', 100, (i) =>
      createAccount(deps, { firstName: 'Bernard', lastName: `Zanella${i}`, email: `b${i}@bench.test`, emailLanguage: 'fr' }),
    );
    await time('issue password link + email', 100, (i) => sendActivationLink(deps, { accountId: started[i], taskToken: `t${i}` }));
    const tokens = outbox.list().map((m) => /token=([\w-]+)/.exec(m.text)![1]);
    await time('set password (lookup, argon2id, transaction)', 50, (i) => setPassword(deps, tokens[i], 'Ceci est un exemple1'));
  }
};

const webClient = async () => {
  const { buildWeb } = await import('../web/build');
  const { gzipSync } = await import('node:zlib');
  const { readFileSync } = await import('node:fs');
  const started = performance.now();
  const dir = buildWeb(join(out, 'web'));
  const buildMs = performance.now() - started;
  // A first visit: the page, the script, the styles, the sprite and the logo of its language.
  const files = [
    'index.html',
    'app.js',
    'style.css',
    'ecl/ecl-reset.css',
    'ecl/ecl-ec.css',
    'ecl/ecl-ec-utilities.css',
    'ecl/icons.svg',
    'ecl/logo/logo-ec--fr.svg',
  ];
  console.log(`\nWeb client (built in ${ms(buildMs)})`);
  console.log('file'.padEnd(34), 'size'.padStart(9), 'gzip'.padStart(9));
  let total = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    const gzip = gzipSync(bytes).length;
    total += gzip;
    console.log(file.padEnd(34), `${(bytes.length / 1024).toFixed(0)} kB`.padStart(9), `${(gzip / 1024).toFixed(0)} kB`.padStart(9));
  }
  console.log('first visit, total'.padEnd(34), ''.padStart(9), `${(total / 1024).toFixed(0)} kB`.padStart(9));
};

/**
 * Sign-in against its floor, through `npm start` (in memory) in a process of its own, as people
 * and the browser tests reach it: `cores` requests in flight at all times. A request's time is
 * cores / rate. Sign-in must at least verify one argon2id hash and do what GET /me does (read
 * the account, write a session): (argon2id + GET /me) / sign-in near 1 means nothing else costs.
 */
const signInLoad = async () => {
  const { spawnTethered } = await import('../local/tether');
  const { freePort } = await import('../local/ports');
  const port = await freePort();
  const url = `http://localhost:${port}`;
  let output = '';
  const server = spawnTethered('npm', ['start', '--silent', '--', '--in-memory'], {
    env: { ...process.env, PORT: String(port), POWERTOOLS_LOG_LEVEL: 'SILENT' },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  server.child.stdout!.on('data', (chunk) => (output += chunk));
  server.child.stderr!.on('data', (chunk) => (output += chunk));
  try {
    for (let waited = 0; !output.includes('Ctrl+C'); waited += 200) {
      if (waited > 180_000) throw new Error(`npm start did not come up: ${output}`);
      await new Promise((ok) => setTimeout(ok, 200));
    }
    const concurrency = availableParallelism();
    const statuses: Record<string, number> = {};
    const drive = async (label: string, count: number, request: () => Promise<Response>) => {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next++ < count) {
            const response = await request();
            await response.arrayBuffer();
            statuses[`${label} ${response.status}`] = (statuses[`${label} ${response.status}`] ?? 0) + 1;
          }
        }),
      );
      const rate = count / ((performance.now() - started) / 1000);
      const perRequestMs = (concurrency / rate) * 1000;
      console.log(label.padEnd(34), `${rate.toFixed(1)}/s`.padStart(10), ms(perRequestMs).padStart(12));
      return { count, ratePerSecond: rate, perRequestMs };
    };
    const pmo = { login: 'pmo@example.org', password: process.env.LOCAL_PMO_PASSWORD ?? 'Relecture PMO 2026' };
    const signIn = () =>
      fetch(`${url}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify({ ...pmo, method: 'password' }),
      });
    const first = await signIn();
    const cookie = first.headers.get('set-cookie')?.split(';')[0];
    if (first.status !== 200 || !cookie) throw new Error(`sign-in answered ${first.status}`);
    // Warm: every handler built, the first argon2id and DynamoDB connections made, as in a warm Lambda.
    for (let i = 0; i < 3; i++) {
      await (await fetch(`${url}/api/v1/me`, { headers: { cookie } })).arrayBuffer();
      await (await fetch(`${url}/api/v1/health`)).arrayBuffer();
    }
    console.log(`\nSign-in against its floor (npm start, in memory; ${concurrency} requests in flight = cores; per request = cores / rate)`);
    console.log('request'.padEnd(34), 'rate'.padStart(10), 'per request'.padStart(12));
    const health = await drive('GET /health', 400, () => fetch(`${url}/api/v1/health`));
    const me = await drive('GET /me (authenticated)', 400, () => fetch(`${url}/api/v1/me`, { headers: { cookie } }));
    const signIns = await drive('POST /sessions (password)', 60, signIn);
    const argon2 = (results.argon2id as { verifyMsP50: number } | undefined)?.verifyMsP50 ?? NaN;
    const floorRatio = (argon2 + me.perRequestMs) / signIns.perRequestMs;
    const serverErrors = Object.entries(statuses)
      .filter(([key]) => /\s5\d\d$/.test(key))
      .reduce((sum, [, n]) => sum + n, 0);
    console.log(
      `(argon2id verification ${ms(argon2)} + GET /me ${ms(me.perRequestMs)}) / sign-in ${ms(signIns.perRequestMs)}` +
        ` = ${floorRatio.toFixed(2)} (target >= 0.7);` +
        ` GET /me ${me.ratePerSecond.toFixed(0)}/s (target >= 100/s); 5xx: ${serverErrors}`,
    );
    console.log('statuses:', JSON.stringify(statuses));
    results.signIn = { concurrency, health, me, signIn: signIns, argon2VerifyMs: argon2, floorRatio, statuses, serverErrors };
  } finally {
    server.stop();
  }
};

const main = async () => {
  // The hot paths' security events are JSON log lines: not what a reader of the figures wants.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const { startDynamoDbLocal, ensureTable } = await import('../local/dynamodb');
  const { freePort } = await import('../local/ports');
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  try {
    await ensureTable(dynamo.endpoint, 'bench-bundles');
    await bundles(dynamo.endpoint, 'bench-bundles');
    await webClient();
    await hotPaths(dynamo.endpoint);
  } finally {
    await dynamo.end();
  }
  await signInLoad();
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nWritten to bench/results.json');
};

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
