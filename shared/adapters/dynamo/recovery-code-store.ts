import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RecoveryCodeSet, RecoveryCodeStore } from '#domain/recovery-codes-ports';
import { applied, isConditionFailure, type TableRef } from './client';

/**
 * One item per account (pk ACCOUNT#id, sk RECOVERY_CODES): the set's salt and a map from each
 * unused code's digest to true. Spending a code removes its key under the condition that it is
 * there, so of concurrent uses exactly one succeeds; replacing the item kills the whole old set.
 */
const setKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'RECOVERY_CODES' });

const itemOf = (accountId: string, set: RecoveryCodeSet) => ({
  ...setKey(accountId),
  salt: set.salt,
  codes: Object.fromEntries(set.digests.map((digest) => [digest, true])),
  createdAt: set.createdAt.toISOString(),
});

/** The set's item as read back (`codes` empties as codes are spent). */
export interface RecoveryCodesItem {
  salt: string;
  codes?: Record<string, boolean>;
  createdAt: string;
}

/** The set's salt and how many codes are left. */
export const toRecoveryCodes = (item: RecoveryCodesItem) => ({ salt: item.salt, left: Object.keys(item.codes ?? {}).length });

export class DynamoRecoveryCodeStore implements RecoveryCodeStore {
  constructor(private readonly table: TableRef) {}

  createFirst(accountId: string, set: RecoveryCodeSet): Promise<boolean> {
    return applied(
      this.table,
      new PutCommand({ TableName: this.table.tableName, Item: itemOf(accountId, set), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async replace(accountId: string, set: RecoveryCodeSet): Promise<void> {
    await this.table.doc.send(new PutCommand({ TableName: this.table.tableName, Item: itemOf(accountId, set) }));
  }

  async find(accountId: string): Promise<{ salt: string; left: number } | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: setKey(accountId), ConsistentRead: true }));
    return Item ? toRecoveryCodes(Item as RecoveryCodesItem) : undefined;
  }

  async use(accountId: string, salt: string, digest: string): Promise<{ used: true; left: number } | { used: false }> {
    try {
      const { Attributes } = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: setKey(accountId),
          UpdateExpression: 'REMOVE codes.#digest',
          // The same set (not one renewed meanwhile) and this code still unused.
          ConditionExpression: 'salt = :salt AND attribute_exists(codes.#digest)',
          ExpressionAttributeNames: { '#digest': digest },
          ExpressionAttributeValues: { ':salt': salt },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { used: true, left: Object.keys((Attributes as RecoveryCodesItem | undefined)?.codes ?? {}).length };
    } catch (error) {
      if (isConditionFailure(error)) return { used: false };
      throw error;
    }
  }

  async remove(accountId: string): Promise<void> {
    await this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key: setKey(accountId) }));
  }
}
