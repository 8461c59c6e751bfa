import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyClaim, IdempotencyStore, RememberedResponse } from '#domain/idempotency-ports';
import { addSeconds } from '#domain/clock';
import { RULES } from '#domain/rules';
import { applied, ttlOf, type TableRef } from './client';

const keyOf = (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' });

interface IdempotencyItem {
  requestHash: string;
  status: 'in_progress' | 'completed';
  /** Epoch ms: past it, an in-progress claim is deemed dead. */
  inProgressUntil: number;
  /** Epoch ms: past it, the key is free again (the TTL removes the item later). */
  expiresAt: number;
  response?: RememberedResponse;
}

/** One item per key, claimed by a conditional put: of two concurrent requests under one key, one runs. */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(private readonly table: TableRef) {}

  async claim(key: string, requestHash: string, now: Date): Promise<IdempotencyClaim> {
    const expiresAt = addSeconds(now, RULES.idempotencyKeyLifetimeSeconds);
    const item: IdempotencyItem = {
      requestHash,
      status: 'in_progress',
      inProgressUntil: addSeconds(now, RULES.idempotencyInProgressSeconds).getTime(),
      expiresAt: expiresAt.getTime(),
    };
    const claimed = await applied(
      this.table,
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keyOf(key), ...item, ttl: ttlOf(expiresAt) },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now OR (#status = :inProgress AND inProgressUntil <= :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':now': now.getTime(), ':inProgress': 'in_progress' },
      }),
    );
    if (claimed) return { outcome: 'claimed' };
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: keyOf(key), ConsistentRead: true }));
    const held = Item as IdempotencyItem | undefined;
    // Released or expired between the two calls: rare; the client's next retry claims it.
    if (!held) return { outcome: 'in_progress' };
    if (held.requestHash !== requestHash) return { outcome: 'mismatch' };
    return held.status === 'completed' && held.response ? { outcome: 'replay', response: held.response } : { outcome: 'in_progress' };
  }

  async complete(key: string, response: RememberedResponse): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keyOf(key),
        UpdateExpression: 'SET #status = :completed, #response = :response',
        ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
        ExpressionAttributeValues: { ':completed': 'completed', ':response': response },
      }),
    );
  }

  async release(key: string): Promise<void> {
    await this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key: keyOf(key) }));
  }
}
