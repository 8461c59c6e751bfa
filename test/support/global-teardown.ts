export default async function globalTeardown(): Promise<void> {
  (globalThis as { __dynamo?: { stop(): void } }).__dynamo?.stop();
}
