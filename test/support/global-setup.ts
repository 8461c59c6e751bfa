import { startDynamoDbLocal } from '../../local/dynamodb';
import { freePort } from '../../local/ports';

/** One DynamoDB Local (in memory) for every test file; each file makes its own table. */
export default async function globalSetup(): Promise<void> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  process.env.TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __dynamo?: { stop(): void } }).__dynamo = dynamo;
}
