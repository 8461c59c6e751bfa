import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthenticatorApp, AuthenticatorAppStore } from '#domain/authenticator-apps-ports';
import { applied, ttlOf, type Stored, type TableRef } from './client';

/** Apps live beside their account: pk ACCOUNT#id, sk TOTP#<appId>. A pending one carries a TTL, removed on confirmation. */
const appKey = (accountId: string, appId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `TOTP#${appId}` });

const dateOf = (value: string | undefined) => (value ? new Date(value) : undefined);

/** An authenticator app as its item holds it. */
export const toAuthenticatorApp = (item: Stored<AuthenticatorApp>): AuthenticatorApp => ({
  appId: item.appId,
  sealedSecret: item.sealedSecret,
  createdAt: new Date(item.createdAt),
  confirmedAt: dateOf(item.confirmedAt),
  expiresAt: dateOf(item.expiresAt),
  failedConfirmations: Number(item.failedConfirmations ?? 0),
  lastUsedStep: item.lastUsedStep === undefined ? undefined : Number(item.lastUsedStep),
  lastUsedAt: dateOf(item.lastUsedAt),
});

export class DynamoAuthenticatorAppStore implements AuthenticatorAppStore {
  constructor(private readonly table: TableRef) {}

  async savePending(accountId: string, app: AuthenticatorApp): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...appKey(accountId, app.appId),
          appId: app.appId,
          sealedSecret: app.sealedSecret,
          createdAt: app.createdAt.toISOString(),
          expiresAt: app.expiresAt?.toISOString(),
          failedConfirmations: 0,
          ttl: app.expiresAt && ttlOf(app.expiresAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async list(accountId: string): Promise<AuthenticatorApp[]> {
    const { Items = [] } = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :totp)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':totp': 'TOTP#' },
        ConsistentRead: true,
      }),
    );
    return (Items as Stored<AuthenticatorApp>[]).map(toAuthenticatorApp).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  reserveConfirmation(accountId: string, appId: string, maxFailures: number, now: Date): Promise<boolean> {
    return applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: appKey(accountId, appId),
        UpdateExpression: 'ADD failedConfirmations :one',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(confirmedAt) AND failedConfirmations < :max AND expiresAt > :now',
        ExpressionAttributeValues: { ':one': 1, ':max': maxFailures, ':now': now.toISOString() },
      }),
    );
  }

  confirm(accountId: string, appId: string, step: number, at: Date): Promise<boolean> {
    return applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: appKey(accountId, appId),
        // The right code's own try was reserved; the step it used may never sign in.
        UpdateExpression: 'SET confirmedAt = :at, lastUsedStep = :step REMOVE expiresAt, #ttl',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(confirmedAt) AND expiresAt > :at',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':at': at.toISOString(), ':step': step },
      }),
    );
  }

  useStep(accountId: string, appId: string, step: number, at: Date): Promise<boolean> {
    return applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: appKey(accountId, appId),
        UpdateExpression: 'SET lastUsedStep = :step, lastUsedAt = :at',
        ConditionExpression: 'attribute_exists(confirmedAt) AND (attribute_not_exists(lastUsedStep) OR lastUsedStep < :step)',
        ExpressionAttributeValues: { ':step': step, ':at': at.toISOString() },
      }),
    );
  }

  async remove(accountId: string, appId: string): Promise<AuthenticatorApp | undefined> {
    const app = (await this.list(accountId)).find((candidate) => candidate.appId === appId && candidate.confirmedAt);
    if (!app) return undefined;
    const { Attributes } = await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: appKey(accountId, appId), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes ? app : undefined;
  }
}
