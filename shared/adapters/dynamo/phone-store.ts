import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Phone, PhoneStore } from '#domain/phones-ports';
import { applied, type Stored, type TableRef } from './client';

/** Phones live beside their account: pk ACCOUNT#id, sk PHONE#<E.164>, so a number is unique per account. */
const phoneKey = (accountId: string, phoneNumber: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `PHONE#${phoneNumber}` });

/** A phone as its item holds it. */
export const toPhone = (item: Stored<Phone>): Phone => ({
  phoneId: item.phoneId,
  phoneNumber: item.phoneNumber,
  addedAt: new Date(item.addedAt),
  lastUsedAt: item.lastUsedAt ? new Date(item.lastUsedAt) : undefined,
});

/** An account's phones in the order they were added. */
export const byAddition = (a: Phone, b: Phone) => a.addedAt.getTime() - b.addedAt.getTime();

export class DynamoPhoneStore implements PhoneStore {
  constructor(private readonly table: TableRef) {}

  async list(accountId: string): Promise<Phone[]> {
    const { Items = [] } = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :phone)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':phone': 'PHONE#' },
        ConsistentRead: true,
      }),
    );
    return (Items as Stored<Phone>[]).map(toPhone).sort(byAddition);
  }

  async add(accountId: string, phone: Phone): Promise<boolean> {
    return applied(
      this.table,
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...phoneKey(accountId, phone.phoneNumber), phoneId: phone.phoneId, phoneNumber: phone.phoneNumber, addedAt: phone.addedAt.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async markUsed(accountId: string, phoneNumber: string, at: Date): Promise<void> {
    await applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: phoneKey(accountId, phoneNumber),
        UpdateExpression: 'SET lastUsedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
  }

  async remove(accountId: string, phoneId: string): Promise<Phone | undefined> {
    const phone = (await this.list(accountId)).find((candidate) => candidate.phoneId === phoneId);
    if (!phone) return undefined;
    const { Attributes } = await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: phoneKey(accountId, phone.phoneNumber), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes ? phone : undefined;
  }
}
