export default async function globalTeardown(): Promise<void> {
  // Jest exits when this resolves: the run's JVM is gone by then, not half a second later.
  await (globalThis as { __dynamo?: { end(): Promise<void> } }).__dynamo?.end();
}
