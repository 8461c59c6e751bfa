/**
 * `npm run bench`: what a person waits for, measured here rather than guessed in tests.
 *  1. Lambda bundles: size, and cold start (loading the bundle in a fresh Node 24 process).
 *  2. Hot paths against DynamoDB Local: password hashing, account creation, setting a password.
 *  3. The web client: what a browser downloads on a first visit (gzip, as CloudFront serves it).
 * Bounded: a few hundred operations, well under a minute on a 2-core machine.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROUTES, WORKFLOW_TASKS } from '../functions/routes';
import { bundleDefines, UNBUNDLED_MODULES } from '../infra/constructs/function';

const ROOT = resolve(__dirname, '..');
// Inside the project, so that unbundled modules resolve from node_modules as they do in the function's own.
const out = join(ROOT, '.bench');
mkdirSync(out, { recursive: true });

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const ms = (value: number) => `${value.toFixed(1)} ms`;

const bundles = async () => {
  const entries = [...ROUTES, ...Object.values(WORKFLOW_TASKS)].map((f) => ({ entry: f.entry, access: f.access }));
  console.log('\nLambda bundles (esbuild, minified, SDK inside, as CDK builds them)');
  console.log('function'.padEnd(34), 'size'.padStart(9), 'cold load p50'.padStart(15));
  for (const { entry, access } of entries) {
    const outfile = join(out, `${entry.replace(/\//g, '-')}.js`);
    await build({
      entryPoints: [join(ROOT, 'functions', `${entry}.ts`)],
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
    const loads = Array.from({ length: 5 }, () =>
      Number(
        execFileSync(process.execPath, [
          '-e',
          `const t=performance.now();require(${JSON.stringify(outfile)});process.stdout.write(String(performance.now()-t))`,
        ]),
      ),
    );
    console.log(entry.padEnd(34), `${(statSync(outfile).size / 1024).toFixed(0)} KiB`.padStart(9), ms(percentile(loads, 50)).padStart(15));
  }
};

const hotPaths = async () => {
  const { startDynamoDbLocal, ensureTable } = await import('../local/dynamodb');
  const { Outbox } = await import('../local/outbox');
  const { buildDependencies } = await import('#shared/dependencies');
  const { createAccount } = await import('#domain/accounts');
  const { sendActivationLink, setPassword } = await import('#domain/password-links');
  const { argon2Hasher } = await import('#adapters/argon2-hasher');
  const { systemClock } = await import('#domain/clock');
  const { DEFAULT_LIMITS } = await import('#domain/rules');

  const { freePort } = await import('../local/ports');
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  try {
    await ensureTable(dynamo.endpoint, 'bench');
    const outbox = new Outbox(systemClock);
    const started: string[] = [];
    const deps = buildDependencies(
      {
        tableName: 'bench',
        publicOrigin: 'https://bench.test',
        mailFrom: 'bench@bench.test',
        dynamoDbEndpoint: dynamo.endpoint,
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
        },
        callbacks: { succeed: async () => 'resumed' as const },
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
    };
    console.log('\nHot paths (DynamoDB Local on this machine: compare runs, not with AWS)');
    await time('argon2id hash (m=19456, t=2, p=1)', 30, () => argon2Hasher.hash('Ceci est un exemple1'));
    await time('create account (3 conditional puts)', 100, (i) =>
      createAccount(deps, { firstName: 'Bernard', lastName: `Zanella${i}`, email: `b${i}@bench.test`, emailLanguage: 'fr' }),
    );
    await time('issue password link + email', 100, (i) => sendActivationLink(deps, { accountId: started[i], taskToken: `t${i}` }));
    const tokens = outbox.list().map((m) => /token=([\w-]+)/.exec(m.text)![1]);
    await time('set password (lookup, argon2id, transaction)', 50, (i) => setPassword(deps, tokens[i], 'Ceci est un exemple1'));
  } finally {
    dynamo.stop();
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

bundles()
  .then(webClient)
  .then(hotPaths)
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
