import { buildSync, stop as stopEsbuild } from 'esbuild';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES } from '../shared/domain/languages';

const ROOT = join(__dirname, '..');
const ECL = join(ROOT, 'node_modules', '@ecl', 'preset-ec', 'dist');

/** Where the built site goes: what `npm start` serves and what CDK uploads to S3. */
export const WEB_OUT = join(ROOT, 'dist', 'web');

/**
 * Builds the static site: the TypeScript client bundled and minified, the page shell, and the
 * parts of ECL it uses (styles, icon sprite, the Commission's logo per language) copied beside it,
 * so that no request leaves the origin. Synchronous and fast (~100 ms): run at start and at synth.
 */
export const buildWeb = (target = WEB_OUT): string => {
  // Built beside the target, then swapped in: a runtime serving the old build never sees a half-written one.
  const outDir = `${target}.building-${process.pid}`;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'ecl', 'logo'), { recursive: true });
  buildSync({
    entryPoints: [join(__dirname, 'src', 'main.ts')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2022'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  // buildSync runs esbuild from a worker thread that then waits for the next call: end it now. Left
  // waiting, it held a jest worker (which loads this module afresh for each test file, each with a
  // thread of its own) half a second past its end, until jest killed it. A later call starts another.
  void stopEsbuild();
  cpSync(join(__dirname, 'public'), outDir, { recursive: true });
  cpSync(join(ECL, 'styles', 'ecl-ec.css'), join(outDir, 'ecl', 'ecl-ec.css'));
  cpSync(join(ECL, 'styles', 'optional', 'ecl-reset.css'), join(outDir, 'ecl', 'ecl-reset.css'));
  cpSync(join(ECL, 'styles', 'optional', 'ecl-ec-utilities.css'), join(outDir, 'ecl', 'ecl-ec-utilities.css'));
  cpSync(join(ECL, 'images', 'icons', 'sprites', 'icons.svg'), join(outDir, 'ecl', 'icons.svg'));
  for (const language of LANGUAGES) {
    cpSync(join(ECL, 'images', 'logo', 'positive', `logo-ec--${language}.svg`), join(outDir, 'ecl', 'logo', `logo-ec--${language}.svg`));
  }
  const old = `${target}.old-${process.pid}`;
  try {
    if (existsSync(target)) renameSync(target, old);
    renameSync(outDir, target);
  } catch {
    // Another process (a parallel test, a second `npm start`) swapped its build in first: it is as fresh as ours.
  }
  rmSync(old, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
  return target;
};

/** The site loads nothing from elsewhere; the CAPTCHA is an SVG data: image. Same in local mode and on CloudFront. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** The site's runtime settings, served as /config.json (by the local front door, or uploaded by CDK). */
export interface SiteConfig {
  /** The address the emails come from, shown on the "account created" page (manual, step 4). */
  mailFrom: string;
  /** Local mode: shows the developer bar (outbox, virtual clock). */
  local: boolean;
}

if (require.main === module) console.log(`Built ${buildWeb()}`);
