import { startDynamoDbLocal } from '../../local/dynamodb';
import { createServer } from 'node:net';

const freePort = (): Promise<number> =>
  new Promise((ok) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => ok(port));
    });
  });

/** One DynamoDB Local (in memory) for every test file; each file makes its own table. */
export default async function globalSetup(): Promise<void> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  process.env.TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __dynamo?: { stop(): void } }).__dynamo = dynamo;
}
