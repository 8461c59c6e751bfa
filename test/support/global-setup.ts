import { startDynamoDbLocal } from '../../local/dynamodb';
import { freePort } from '../../local/ports';
import { chooseChromium, CHOSEN_CHROMIUM_ENV } from './chromium';

/**
 * One DynamoDB Local (in memory) for every test file; each file makes its own table. The chromium
 * of the browser tests is chosen (and unpacked, if it comes from the registry) once, here.
 */
export default async function globalSetup(): Promise<void> {
  process.env[CHOSEN_CHROMIUM_ENV] = JSON.stringify(chooseChromium());
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  process.env.TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __dynamo?: { stop(): void } }).__dynamo = dynamo;
}
