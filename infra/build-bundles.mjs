// Builds several esbuild groups at once, for infra/bundles.ts: CDK asks for bundles one at a time and
// synchronously, so the synth runs this script once, in a process of its own, with every group.
// esbuild's JS API runs the builds side by side on every core, where one CLI run per group would
// leave a core idle through each group's linking and minifying. Reads a JSON array of esbuild
// build options on stdin.
import { build } from 'esbuild';
import process from 'node:process';

let input = '';
for await (const chunk of process.stdin) input += chunk;
await Promise.all(JSON.parse(input).map((options) => build(options)));
