import { TestEnvironment } from 'jest-environment-node';

/**
 * Jest's node environment, and one thing more for the worker process it runs in: once the worker
 * has finished (its 'exit' event), it leaves at once. By the end of a run a worker holds ~900 MB
 * (the CDK synth, the browser suites), and Node's orderly teardown of that heap, which follows
 * the 'exit' event of a process that ends on its own, could outlast the half second jest waits on
 * a busy 2-core machine: jest then killed the worker and warned of leaking tests, though every
 * handle was closed and the 'exit' event had come within 35 ms of jest's request. `process.exit`
 * from within that event skips the teardown (as any `process.exit` does).
 */
const FAST_EXIT = Symbol.for('passerelle.jest.fastExit');
const registry = process as unknown as Record<symbol, boolean>;
if (!registry[FAST_EXIT]) {
  registry[FAST_EXIT] = true;
  process.once('exit', (code) => process.exit(code));
}

export default TestEnvironment;
