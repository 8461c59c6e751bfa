import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { EVENT_FUNCTIONS, ROUTES, WORKFLOW_TASKS } from '../functions/routes';
import type { Access } from '../shared/access';
import { scratchDir } from './scratch';

const ROOT = path.join(__dirname, '..');
export const FUNCTIONS_DIR = path.join(ROOT, 'functions');

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
const DECLARED = [...ROUTES, ...Object.values(WORKFLOW_TASKS), ...Object.values(EVENT_FUNCTIONS)].map(({ entry, access }) => ({ entry, access }));

/** A folder name for an entry (`../shared/adapters/x` too). */
const outputName = (entry: string) => entry.replace(/[^\w-]/g, '_');

let workDir: string | undefined;
const built = new Map<string, string>();

/** esbuild's options for one group (NodejsFunction's: minified CommonJS for Node 24, SDK inside, source maps without the sources). */
const groupOptions = (entries: string[], defines: Record<string, string>, outdir: string) => ({
  entryPoints: Object.fromEntries(entries.map((name) => [`${outputName(name)}/index`, path.join(FUNCTIONS_DIR, `${name}.ts`)])),
  bundle: true,
  minify: true,
  sourcemap: true,
  // Stack traces need the mappings, not a copy of every source file: the maps are a third of the size
  // (3.7 MB to 1.3 MB for SetPassword), and Node reads them at load (--enable-source-maps).
  sourcesContent: false,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  mainFields: ['module', 'main'],
  tsconfig: path.join(ROOT, 'tsconfig.json'),
  logLevel: 'warning',
  outdir,
  external: UNBUNDLED_MODULES,
  define: defines,
});

/** Runs esbuild over the groups' options side by side, in one process (infra/build-bundles.mjs). */
const buildGroups = (groups: ReturnType<typeof groupOptions>[]): void => {
  execFileSync(process.execPath, [path.join(__dirname, 'build-bundles.mjs')], {
    input: JSON.stringify(groups),
    stdio: ['pipe', 'inherit', 'inherit'],
    cwd: ROOT,
  });
};

/**
 * Returns the folder holding `<entry>/index.js` (and its source map) for `entry`'s bundle. The
 * first call builds every declared function at once, one esbuild build per group of functions
 * that take the same `define`s, all groups side by side. A group shares the parsing of the
 * modules its functions have in common (the AWS SDK clients, the domain), where CDK's
 * NodejsFunction would bundle each function on its own. A function declared elsewhere (the origin secret's rotation) builds on its own.
 */
const groupBuild = (entry: string, access?: Access): string => {
  const defines = bundleDefines(access);
  const declared = DECLARED.some((fn) => fn.entry === entry);
  const key = declared ? JSON.stringify(defines) : `${JSON.stringify(defines)} ${entry}`;
  if (workDir && !existsSync(workDir)) {
    // removeScratch() took the bundles: build again.
    workDir = undefined;
    built.clear();
  }
  const done = built.get(key);
  if (done) return done;
  workDir ??= scratchDir('bundles-');
  const groups = new Map<string, { entries: string[]; defines: Record<string, string> }>();
  if (declared) {
    for (const fn of DECLARED) {
      const fnDefines = bundleDefines(fn.access);
      const fnKey = JSON.stringify(fnDefines);
      if (!built.has(fnKey)) groups.set(fnKey, { entries: [...(groups.get(fnKey)?.entries ?? []), fn.entry], defines: fnDefines });
    }
  } else groups.set(key, { entries: [entry], defines });
  const outdirs = [...groups.keys()].map((groupKey, index) => [groupKey, path.join(workDir!, String(built.size + index))] as const);
  buildGroups(outdirs.map(([groupKey, outdir]) => groupOptions(groups.get(groupKey)!.entries, groups.get(groupKey)!.defines, outdir)));
  for (const [groupKey, outdir] of outdirs) built.set(groupKey, outdir);
  return built.get(key)!;
};

/** Copies `entry`'s bundle (index.js and index.js.map) into `outputDir`, building its group first if need be. */
export const bundleInto = (outputDir: string, entry: string, access?: Access): void => {
  cpSync(path.join(groupBuild(entry, access), outputName(entry)), outputDir, { recursive: true });
};
