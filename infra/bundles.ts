import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROUTES, WORKFLOW_TASKS } from '../functions/routes';
import type { Access } from '../shared/access';

const ROOT = path.join(__dirname, '..');
export const FUNCTIONS_DIR = path.join(ROOT, 'functions');
const ESBUILD = path.join(ROOT, 'node_modules', '.bin', 'esbuild');

/** Packages that are never bundled because they load files relative to their own code (or a native binding). */
export const UNBUNDLED_MODULES = ['svg-captcha', 'dejavu-fonts-ttf', '@node-rs/argon2'];

/**
 * The `define`s that leave out of a function's bundle every adapter its access does not include
 * (see shared/dependencies.ts): the same declaration that gives it its IAM permissions.
 */
export const bundleDefines = (access: Access = {}): Record<string, string> => {
  const flag = (allowed: boolean | undefined) => JSON.stringify(String(Boolean(allowed)));
  return {
    'process.env.PASSERELLE_SENDS_EMAIL': flag(access.sendsEmail),
    'process.env.PASSERELLE_SENDS_SMS': flag(access.sendsSms),
    'process.env.PASSERELLE_USES_WORKFLOWS': flag(
      access.startsActivation || access.startsRcam || access.startsFactorReset || access.stopsWorkflows || access.resumesTasks,
    ),
    'process.env.PASSERELLE_RENDERS_LETTERS': flag(access.rendersLetters),
    'process.env.PASSERELLE_HASHES_SECRETS': flag(access.hashesSecrets),
    'process.env.PASSERELLE_SEALS_FACTOR_SECRETS': flag(access.sealsFactorSecrets),
    'process.env.PASSERELLE_SIGNS_TOKENS': flag(access.signsTokens),
    'process.env.PASSERELLE_USES_EID': flag(access.usesEid),
  };
};

/** Every function the app deploys from functions/routes.ts, by entry: the bundler builds them in groups. */
const DECLARED = [...ROUTES, ...Object.values(WORKFLOW_TASKS)].map(({ entry, access }) => ({ entry, access }));

/** A folder name for an entry (`../shared/adapters/x` too). */
const outputName = (entry: string) => entry.replace(/[^\w-]/g, '_');

let workDir: string | undefined;
const built = new Map<string, string>();

/**
 * Builds, with one esbuild run, every declared function whose bundle takes the same `define`s as
 * `entry`'s, and returns the folder holding `<entry>/index.js` (and its source map) for each. One
 * run shares the parsing of the modules they have in common (the AWS SDK clients, the domain): the
 * app's 40-odd functions build in a dozen runs rather than one each, the way CDK's NodejsFunction
 * would. Options are NodejsFunction's: minified CommonJS for Node 24, SDK inside, source maps.
 */
const groupBuild = (entry: string, access?: Access): string => {
  const defines = bundleDefines(access);
  const declared = DECLARED.some((fn) => fn.entry === entry);
  // A function declared elsewhere (the origin secret's rotation) builds on its own.
  const key = declared ? JSON.stringify(defines) : `${JSON.stringify(defines)} ${entry}`;
  const done = built.get(key);
  if (done) return done;
  workDir ??= mkdtempSync(path.join(tmpdir(), 'passerelle-bundles-'));
  const outdir = path.join(workDir, String(built.size));
  const entries = declared ? DECLARED.filter((fn) => JSON.stringify(bundleDefines(fn.access)) === key).map((fn) => fn.entry) : [entry];
  execFileSync(
    ESBUILD,
    [
      ...entries.map((name) => `${outputName(name)}/index=${path.join(FUNCTIONS_DIR, `${name}.ts`)}`),
      '--bundle',
      '--minify',
      '--sourcemap',
      '--platform=node',
      '--target=node24',
      '--format=cjs',
      '--main-fields=module,main',
      `--tsconfig=${path.join(ROOT, 'tsconfig.json')}`,
      '--log-level=warning',
      `--outdir=${outdir}`,
      ...UNBUNDLED_MODULES.map((name) => `--external:${name}`),
      ...Object.entries(defines).map(([name, value]) => `--define:${name}=${value}`),
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  built.set(key, outdir);
  return outdir;
};

/** Copies `entry`'s bundle (index.js and index.js.map) into `outputDir`, building its group first if need be. */
export const bundleInto = (outputDir: string, entry: string, access?: Access): void => {
  cpSync(path.join(groupBuild(entry, access), outputName(entry)), outputDir, { recursive: true });
};

process.once('exit', () => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});
