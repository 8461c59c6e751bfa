import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../local/ports';
import { spawnTethered } from '../../local/tether';

/** How long a suite's setup may take to bring up a runtime or `npm start` on a busy 2-core machine. */
export const STARTUP_TIMEOUT_MS = 120_000;

/** Polls in real time; the server's clock is its own business. */
const waitForHealth = async (url: string, withinMs: number): Promise<number> => {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.status === 200 && (await response.json()).status === 'ok') return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`not healthy within ${withinMs} ms`);
};

export interface LocalServer {
  url: string;
  /** Everything the process printed so far. */
  output(): string;
  stop(): void;
}

const ROOT = join(__dirname, '..', '..');
/** package.json's `start` script: when it is `tsx <file>`, the suites run that file as `node --import tsx <file>`. */
const START_SCRIPT = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;

/**
 * The local runtime (`--in-memory`) in a process of its own, which also keeps its virtual clock
 * away from the test's timers (a browser driver's timeouts among them). `npm start` runs it exactly
 * as a newcomer does (the end-to-end suite); otherwise it is the one Node process that `npm start`
 * ends in, read from package.json's `start` script, without npm and tsx's command line in front,
 * which cost 1.4 s of CPU a start (a `start` script of another shape runs through npm).
 * It is tethered to the test process: it and its DynamoDB Local end with it, pass, fail or kill.
 * In a jest run it uses the run's DynamoDB Local (a table of its own) rather than start a JVM;
 * `LOCAL_DYNAMODB_ENDPOINT: ''` in `env` makes it start its own.
 */
export const startLocalServer = async (env: NodeJS.ProcessEnv = {}, { npmStart = false } = {}): Promise<LocalServer> => {
  const port = await freePort();
  let output = '';
  const direct = /^tsx (\S+)$/.exec(START_SCRIPT);
  const [command, args] =
    npmStart || !direct ? ['npm', ['start', '--silent', '--', '--in-memory']] : [process.execPath, ['--import', 'tsx', join(ROOT, direct[1]), '--in-memory']];
  const server = spawnTethered(command, args, {
    env: { ...process.env, LOCAL_DYNAMODB_ENDPOINT: process.env.TEST_DYNAMODB_ENDPOINT ?? '', ...env, PORT: String(port) },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  server.child.stdout!.on('data', (chunk) => (output += chunk));
  server.child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://localhost:${port}`;
  try {
    await waitForHealth(url, 90_000);
  } catch (error) {
    server.stop();
    throw new Error(`the local runtime did not come up: ${output.trim().split('\n').slice(-3).join(' / ')}`, { cause: error });
  }
  // The banner follows readiness by a moment.
  for (let i = 0; i < 50 && !output.includes('Ctrl+C'); i++) await new Promise((ok) => setTimeout(ok, 20));
  return { url, output: () => output, stop: () => server.stop() };
};
