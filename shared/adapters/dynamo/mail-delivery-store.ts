import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EmailChange, MailDeliveryStore, UndeliverableReason } from '#domain/mail-delivery-ports';
import { applied, ttlOf, type TableRef } from './client';

// The account store's keys (account-store.ts): the address's unique item points at its account.
const accountKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' });
const emailKey = (email: string) => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'EMAIL' });
const suppressedKey = (email: string) => ({ pk: `SUPPRESSED#${email.toLowerCase()}`, sk: 'SUPPRESSED' });
const changeKey = (changeHash: string) => ({ pk: `EMAILCHANGE#${changeHash}`, sk: 'EMAILCHANGE' });

/** The suppression list and the changes of address, beside the accounts in the single table. */
export class DynamoMailDeliveryStore implements MailDeliveryStore {
  constructor(private readonly table: TableRef) {}

  async markUndeliverable(email: string, reason: UndeliverableReason, at: Date): Promise<string | undefined> {
    const { tableName, doc } = this.table;
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...suppressedKey(email), reason, at: at.toISOString() } }));
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: emailKey(email), ConsistentRead: true }));
    const accountId = Item?.accountId as string | undefined;
    if (!accountId) return undefined;
    // Only while the account still uses this address: a change of address may have won the race.
    const marked = await applied(
      this.table,
      new UpdateCommand({
        TableName: tableName,
        Key: accountKey(accountId),
        UpdateExpression: 'SET emailUndeliverable = :mark',
        ConditionExpression: 'attribute_exists(pk) AND email = :email',
        ExpressionAttributeValues: { ':mark': { reason, at: at.toISOString() }, ':email': email },
      }),
    );
    if (!marked) {
      // The address as typed may differ in case from the bounce's: compare as the unique item does.
      const { Item: account } = await doc.send(new GetCommand({ TableName: tableName, Key: accountKey(accountId), ConsistentRead: true }));
      if (typeof account?.email !== 'string' || account.email.toLowerCase() !== email.toLowerCase()) return undefined;
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: accountKey(accountId),
          UpdateExpression: 'SET emailUndeliverable = :mark',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':mark': { reason, at: at.toISOString() } },
        }),
      );
    }
    return accountId;
  }

  async isSuppressed(email: string): Promise<boolean> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: suppressedKey(email), ConsistentRead: true }));
    return Item !== undefined;
  }

  saveEmailChange(change: EmailChange): Promise<boolean> {
    const { tableName } = this.table;
    return applied(
      this.table,
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: {
                ...changeKey(change.changeHash),
                accountId: change.accountId,
                newEmail: change.newEmail,
                expiresAt: change.expiresAt.toISOString(),
                ttl: ttlOf(change.expiresAt),
              },
            },
          },
          {
            Update: {
              TableName: tableName,
              Key: accountKey(change.accountId),
              UpdateExpression: 'SET currentEmailChangeHash = :h',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':h': change.changeHash },
            },
          },
        ],
      }),
    );
  }

  async findEmailChange(changeHash: string): Promise<EmailChange | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: changeKey(changeHash), ConsistentRead: true }));
    return Item
      ? { changeHash, accountId: Item.accountId as string, newEmail: Item.newEmail as string, expiresAt: new Date(Item.expiresAt as string) }
      : undefined;
  }

  completeEmailChange(change: EmailChange, oldEmail: string, at: Date): Promise<boolean> {
    const { tableName } = this.table;
    return applied(
      this.table,
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: accountKey(change.accountId),
              UpdateExpression: 'SET email = :new, emailChangedAt = :at REMOVE currentEmailChangeHash, emailUndeliverable',
              ConditionExpression: 'currentEmailChangeHash = :h AND email = :old',
              ExpressionAttributeValues: { ':new': change.newEmail, ':at': at.toISOString(), ':h': change.changeHash, ':old': oldEmail },
            },
          },
          {
            Put: { TableName: tableName, Item: { ...emailKey(change.newEmail), accountId: change.accountId }, ConditionExpression: 'attribute_not_exists(pk)' },
          },
          {
            Delete: {
              TableName: tableName,
              Key: emailKey(oldEmail),
              ConditionExpression: 'accountId = :id',
              ExpressionAttributeValues: { ':id': change.accountId },
            },
          },
          { Delete: { TableName: tableName, Key: changeKey(change.changeHash), ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );
  }
}
