import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startSiteAndBrowser } from '../support/browser';
import { CHOSEN_CHROMIUM_ENV } from '../support/chromium';
import { startLocalServer } from '../support/local-server';
import { spawnTethered } from '../../local/tether';
import { leftAfter, MARK, markedProcesses } from '../support/processes';

const ROOT = join(__dirname, '..', '..');

describe('processes started by the tests', () => {
  it('a suite whose browser cannot start stops the server it had started, and leaves nothing', async () => {
    const mark = randomUUID();
    const chosen = process.env[CHOSEN_CHROMIUM_ENV];
    process.env[CHOSEN_CHROMIUM_ENV] = JSON.stringify({ executablePath: '/nonexistent/chromium', source: 'CHROMIUM_PATH' });
    let serverUp = false;
    try {
      const setUp = startSiteAndBrowser(async () => {
        // On the run's DynamoDB Local: the next test proves that a JVM of npm start's own ends too.
        const server = await startLocalServer({ [MARK]: mark });
        serverUp = markedProcesses(mark).some((line) => line.includes('local/main.ts'));
        return server;
      });
      await expect(setUp).rejects.toThrow(/nonexistent/);
    } finally {
      if (chosen === undefined) delete process.env[CHOSEN_CHROMIUM_ENV];
      else process.env[CHOSEN_CHROMIUM_ENV] = chosen;
    }
    expect(serverUp).toBe(true);
    expect(await leftAfter(mark)).toEqual([]);
  }, 90_000);

  it('a run killed with SIGKILL leaves no server, JVM or browser behind', async () => {
    const mark = randomUUID();
    // One process (tsx as a loader, not its CLI, which would be a second process in front).
    const run = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'hold-everything.ts')], {
      cwd: ROOT,
      env: { ...process.env, [MARK]: mark },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    run.stdout.on('data', (chunk) => (output += chunk));
    run.stderr.on('data', (chunk) => (output += chunk));
    try {
      await new Promise<void>((ok, fail) => {
        run.stdout.on('data', () => output.includes('ready') && ok());
        run.once('exit', () => fail(new Error(`the run ended before it was ready: ${output}`)));
      });
      const running = markedProcesses(mark).join('\n');
      expect(running).toMatch(/DynamoDBLocal\.jar[\s\S]*DynamoDBLocal\.jar/); // the run's own and npm start's
      expect(running).toMatch(/chrom/);
      expect(running).toMatch(/local\/main\.ts/);
      run.kill('SIGKILL');
      expect(await leftAfter(mark)).toEqual([]);
    } finally {
      run.kill('SIGKILL');
    }
  }, 90_000);
});

describe("ending a tethered process (npm start, the run's DynamoDB Local)", () => {
  /** Starts `script` in a tethered shell and waits (real time) until its `sleep` runs. */
  const started = async (script: string) => {
    const mark = randomUUID();
    const tethered = spawnTethered('/bin/sh', ['-c', script], { env: { ...process.env, [MARK]: mark } });
    // The sleep itself (`<pid> sleep 60`), not the shell whose command line names it: the trap is set by then.
    while (!markedProcesses(mark).some((line) => /^\d+ sleep 60/.test(line))) await new Promise((ok) => setTimeout(ok, 20));
    return { tethered, mark };
  };

  it('resolves once nothing of the group is left', async () => {
    const { tethered, mark } = await started('sleep 60 & wait');
    // Its group ends on SIGTERM: waiting out a grace longer than the test's own time would fail it.
    await tethered.end(120_000);
    expect(markedProcesses(mark)).toEqual([]);
  });

  it('kills what ignores SIGTERM once the grace is over, and only then resolves', async () => {
    // The shell ignores SIGTERM, and so does its sleep, which inherits that.
    const { tethered, mark } = await started("trap '' TERM; sleep 60 & wait");
    const before = performance.now();
    await tethered.end(300);
    expect(performance.now() - before).toBeGreaterThanOrEqual(300);
    expect(markedProcesses(mark)).toEqual([]);
  });
});

describe('a machine without Java', () => {
  it('npm start stops at once with one line saying what to install', () => {
    const run = spawnSync('npm', ['start', '--silent', '--', '--in-memory'], {
      cwd: ROOT,
      env: { ...process.env, JAVA: '/nonexistent/java', PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr
      .trim()
      .split('\n')
      .filter((line) => !/Warning|AWS SDK|node >=22|upgrade|a\.co|trace-warnings|^\s*$/.test(line));
    expect(lines).toEqual([expect.stringMatching(/^Passerelle could not start: Java is missing: DynamoDB Local needs it; install Java 17 or later/)]);
  }, 60_000);

  it('the test command checks it first, in one line', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'local', 'java.ts')], {
      cwd: ROOT,
      env: { ...process.env, JAVA: '/nonexistent/java' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Java is missing: .*openjdk-17-jre-headless/)]);
  });
});
