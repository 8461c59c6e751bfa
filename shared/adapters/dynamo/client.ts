import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

export interface TableRef {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/** A document client for the single table; `endpoint` points at DynamoDB Local when running locally. */
export const tableRef = (tableName: string, endpoint?: string): TableRef => {
  const client = new DynamoDBClient(
    endpoint ? { endpoint, region: process.env.AWS_REGION ?? 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {},
  );
  return { doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), tableName };
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

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionCanceledException');

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
