import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

export interface TableRef {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/** What one DynamoDB call consumed, as its `ConsumedCapacity` reports it (on-demand: request units). */
export interface ConsumedCapacityReport {
  /** The command, e.g. 'GetCommand', 'TransactWriteCommand'. */
  operation: string;
  kind: 'read' | 'write';
  /** Table and indexes together; 0 when the call failed (a failed condition reports nothing). */
  units: number;
  failed?: boolean;
}
export type ConsumedCapacityHook = (report: ConsumedCapacityReport) => void;
/** Local only: throws the error of an outage the developer asked for, or returns. */
export type FaultHook = () => void;

const READ_COMMANDS = /^(Get|BatchGet|Query|Scan|TransactGet)/;

/**
 * Asks every call for its `ReturnConsumedCapacity` (free of charge) and hands it to `hook`: the
 * local runtime counts it (`npm run cost`); deployed functions pass no hook and ask for nothing.
 */
const meterConsumedCapacity = (doc: DynamoDBDocumentClient, hook: ConsumedCapacityHook): void => {
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = context.commandName ?? 'unknown';
      const kind = READ_COMMANDS.test(operation) ? 'read' : 'write';
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      try {
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }> }).ConsumedCapacity;
        const units = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        hook({ operation, kind, units });
        return result;
      } catch (error) {
        hook({ operation, kind, units: 0, failed: true });
        throw error;
      }
    },
    { step: 'initialize', name: 'meterConsumedCapacity' },
  );
};

/** Local only: answers the requests for some endpoints without HTTP (the suite's fast lane keeps its tables in memory). */
type LocalTransport = (endpoint: string) => DynamoDBClientConfig['requestHandler'] | undefined;
// Kept on the global object, so that a test that loads every module afresh (jest.resetModules) keeps it.
const LOCAL_TRANSPORT = Symbol.for('passerelle.localDynamoDbTransport');
const localTransport = (endpoint: string) => (globalThis as { [LOCAL_TRANSPORT]?: LocalTransport })[LOCAL_TRANSPORT]?.(endpoint);

/**
 * Local only: sends the calls for the endpoints `transport` answers to it instead of over HTTP.
 * `npm run test:fast` routes `memory://` endpoints to local/memory-dynamodb.ts this way.
 */
export const routeLocalDynamoDb = (transport: LocalTransport | undefined): void => {
  (globalThis as { [LOCAL_TRANSPORT]?: LocalTransport })[LOCAL_TRANSPORT] = transport;
};

/** A client for DynamoDB Local (or, in the fast lane, the in-memory table) at `endpoint`. */
export const localDynamoDbClient = (endpoint: string, maxAttempts?: number): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    maxAttempts,
    region: process.env.AWS_REGION ?? 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: localTransport(endpoint),
  });

/**
 * A document client for the single table; `endpoint` points at DynamoDB Local when running locally,
 * and `onConsumedCapacity`, when given, receives what each call consumed.
 */
export const tableRef = (tableName: string, endpoint?: string, onConsumedCapacity?: ConsumedCapacityHook, injectFault?: FaultHook): TableRef => {
  const client = endpoint ? localDynamoDbClient(endpoint) : new DynamoDBClient({});
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  if (onConsumedCapacity) meterConsumedCapacity(doc, onConsumedCapacity);
  if (injectFault) {
    // Local only (POST /_local/faults): the call fails as DynamoDB would fail it, before it leaves.
    doc.middlewareStack.add(
      (next) => async (args) => {
        injectFault();
        return next(args);
      },
      { step: 'build', name: 'injectLocalFault' },
    );
  }
  return { doc, tableName };
};

/** An instant as the adapters store it: `toISOString()` text. */
type Iso<V> = V extends Date ? string : V;

/**
 * A domain record as an adapter wrote it to the table, its instants as ISO text. The document
 * client reads items back untyped; each adapter states with this type what it wrote there.
 */
export type Stored<T> = { [K in keyof T]: Iso<T[K]> };

/** DynamoDB TTL wants epoch seconds. The TTL only tidies up: every read checks expiry itself. */
export const ttlOf = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * A condition that did not hold. A transaction cancelled for another reason (throttling, a
 * conflict with another transaction) is not one: it is an outage to report as such (503).
 */
export const isConditionFailure = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ConditionalCheckFailedException') return true;
  if (error.name !== 'TransactionCanceledException') return false;
  const codes = cancellationCodes(error);
  return codes.length === 0 || codes.includes('ConditionalCheckFailed');
};

/** The per-item reasons of a cancelled transaction, e.g. ['None', 'ConditionalCheckFailed']. */
export const cancellationCodes = (error: unknown): string[] =>
  ((error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? []).map((r) => r.Code ?? 'None');

/** Sends a conditional write: true if it was applied, false if its condition failed; other errors throw. */
export const applied = async (table: TableRef, command: UpdateCommand | PutCommand | DeleteCommand | TransactWriteCommand): Promise<boolean> => {
  try {
    await table.doc.send(command as UpdateCommand);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** Every item a Query finds, page after page (a partition or an index key may hold more than 1 MB). */
export const queryAll = async <T = Record<string, unknown>>(
  table: TableRef,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<T[]> => {
  const items: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(new QueryCommand({ ...input, TableName: table.tableName, ExclusiveStartKey }));
    items.push(...((page.Items ?? []) as T[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
};
