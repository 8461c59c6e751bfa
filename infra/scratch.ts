import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

let root: string | undefined;

/**
 * A new directory for what a synth writes before CDK copies it into the cloud assembly (the
 * functions' bundles, the built site). All of them sit under one directory per process, removed
 * when the process exits, or sooner by `removeScratch()`: a test's afterAll, since jest may kill
 * its workers before their exit handlers run (each run of the infra suite used to leave 100 to
 * 350 MB behind in the system's temporary directory).
 */
export const scratchDir = (prefix: string): string => {
  root ??= mkdtempSync(path.join(tmpdir(), 'passerelle-synth-'));
  return mkdtempSync(path.join(root, prefix));
};

/** Removes every scratch directory of this process. */
export const removeScratch = (): void => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
};

process.once('exit', removeScratch);
