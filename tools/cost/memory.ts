import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { rmSync } from 'node:fs';
import { buildApp } from '../../infra/app';
import { PasserelleFunction } from '../../infra/constructs/function';
import { removeScratch } from '../../infra/scratch';

/**
 * The memory each function is deployed with, in MB, by its construct id (the route's or workflow
 * task's `name` in functions/routes.ts): read from the CDK app `cdk deploy` ships, so that what
 * the cost tool bills is what infra configures. Bundling is skipped: only the settings are read.
 */
export const deployedMemory = (): Map<string, number> => {
  const { app, stack } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
  try {
    const memory = new Map<string, number>();
    for (const construct of stack.node.findAll()) {
      if (!(construct instanceof PasserelleFunction)) continue;
      const size = (construct.fn.node.defaultChild as CfnFunction).memorySize;
      if (typeof size !== 'number') throw new Error(`${construct.node.path}: no memory size`);
      memory.set(construct.node.id, size);
    }
    return memory;
  } finally {
    // Nothing of the app is kept: its assembly directory and the site it built go.
    rmSync(app.outdir, { recursive: true, force: true });
    removeScratch();
  }
};
