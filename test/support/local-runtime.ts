import { randomUUID } from 'node:crypto';
import { startLocal, type LocalRuntime } from '../../local/main';
import { LIGHT_ARGON2 } from './light-argon2';

/**
 * The whole local runtime in the test's process, for suites that act one second on each side of a
 * boundary. Virtual time flows at a twentieth of real time: the real time a request takes
 * (argon2id, a busy machine) stays far inside that second. It keeps its data in a table of its own
 * in the run's DynamoDB Local.
 */
export const startBoundaryRuntime = async (): Promise<LocalRuntime> => {
  const runtime = await startLocal({
    port: 0,
    argon2: LIGHT_ARGON2,
    dynamoDb: { endpoint: process.env.TEST_DYNAMODB_ENDPOINT!, tableName: `local-${randomUUID()}` },
  });
  runtime.clock.setRate(0.05);
  return runtime;
};
