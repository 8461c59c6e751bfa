import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FactorReset, FactorResetStore } from '#domain/factor-reset-ports';
import { applied, ttlOf, type Stored, type TableRef } from './client';

/**
 * A reset lives beside its account (pk ACCOUNT#id, sk FACTOR_RESET): one per account, by a
 * conditional put. Its cancel token's hash points back to it (pk FACTOR_RESET#hash), so the link
 * works without a session, on any device.
 */
const resetKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'FACTOR_RESET' });
const tokenKey = (tokenHash: string) => ({ pk: `FACTOR_RESET#${tokenHash}`, sk: 'FACTOR_RESET' });

/** Items outlive the reset by a week at most, in case a workflow never came (TTL only tidies up). */
const WEEK_SECONDS = 7 * 24 * 3600;

/** An account's second-factor reset as its item holds it. */
export const toFactorReset = (accountId: string, item: Stored<Omit<FactorReset, 'accountId'>>): FactorReset => ({
  accountId,
  resetId: item.resetId,
  tokenHash: item.tokenHash,
  requestedAt: new Date(item.requestedAt),
  resetAt: new Date(item.resetAt),
  status: item.status,
});

export class DynamoFactorResetStore implements FactorResetStore {
  constructor(private readonly table: TableRef) {}

  start(reset: FactorReset): Promise<boolean> {
    const ttl = ttlOf(reset.resetAt) + WEEK_SECONDS;
    return applied(
      this.table,
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table.tableName,
              Item: {
                ...resetKey(reset.accountId),
                resetId: reset.resetId,
                tokenHash: reset.tokenHash,
                requestedAt: reset.requestedAt.toISOString(),
                resetAt: reset.resetAt.toISOString(),
                status: reset.status,
                ttl,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: this.table.tableName, Item: { ...tokenKey(reset.tokenHash), accountId: reset.accountId, resetId: reset.resetId, ttl } } },
        ],
      }),
    );
  }

  async find(accountId: string): Promise<FactorReset | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: resetKey(accountId), ConsistentRead: true }));
    return Item ? toFactorReset(accountId, Item as Stored<Omit<FactorReset, 'accountId'>>) : undefined;
  }

  async findByToken(tokenHash: string): Promise<{ accountId: string; resetId: string } | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: tokenKey(tokenHash), ConsistentRead: true }));
    const item = Item as { accountId: string; resetId: string } | undefined;
    return item ? { accountId: item.accountId, resetId: item.resetId } : undefined;
  }

  cancel(reset: FactorReset): Promise<boolean> {
    return applied(
      this.table,
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: this.table.tableName,
              Key: resetKey(reset.accountId),
              ConditionExpression: 'resetId = :resetId AND #status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':resetId': reset.resetId, ':pending': 'pending' },
            },
          },
          { Delete: { TableName: this.table.tableName, Key: tokenKey(reset.tokenHash), ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );
  }

  claim(accountId: string, resetId: string): Promise<boolean> {
    return applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: resetKey(accountId),
        UpdateExpression: 'SET #status = :removing',
        ConditionExpression: 'resetId = :resetId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':resetId': resetId, ':removing': 'removing' },
      }),
    );
  }

  async finish(reset: FactorReset): Promise<void> {
    await this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key: tokenKey(reset.tokenHash) }));
    await applied(
      this.table,
      new DeleteCommand({
        TableName: this.table.tableName,
        Key: resetKey(reset.accountId),
        ConditionExpression: 'resetId = :resetId',
        ExpressionAttributeValues: { ':resetId': reset.resetId },
      }),
    );
  }
}
