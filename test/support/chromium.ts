import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ChromiumChoice {
  executablePath: string;
  /** Where it came from, as the browser suites print it. */
  source: 'CHROMIUM_PATH' | 'system' | 'npm registry (@sparticuz/chromium)';
}

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * The chromium the browser tests drive: `CHROMIUM_PATH` when set, else a system chromium, else the
 * one `npm ci` brought from the registry (@sparticuz/chromium ships its binary in the package and
 * unpacks it to /tmp/chromium on first use). Never a download from anywhere else.
 */
export const chooseChromium = (env: NodeJS.ProcessEnv = process.env): ChromiumChoice => {
  if (env.CHROMIUM_PATH) return { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  const system = SYSTEM_CHROMIUM.find((path) => existsSync(path));
  if (system) return { executablePath: system, source: 'system' };
  // The package is an ES module: ask a Node of our own to unpack it and say where.
  const script = "import('@sparticuz/chromium').then(async ({ default: chromium }) => process.stdout.write(await chromium.executablePath()))";
  const executablePath = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: __dirname });
  return { executablePath, source: 'npm registry (@sparticuz/chromium)' };
};

/** Set by the global setup, so that the package is unpacked once and every suite uses the same. */
export const CHOSEN_CHROMIUM_ENV = 'PASSERELLE_TEST_CHROMIUM';

export const chosenChromium = (): ChromiumChoice => {
  const chosen = process.env[CHOSEN_CHROMIUM_ENV];
  return chosen ? (JSON.parse(chosen) as ChromiumChoice) : chooseChromium();
};
