import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Account, AccountStore, CreateAccountOutcome, NewAccount, PasswordLink } from '#domain/ports';
import { applied, cancellationCodes, isConditionFailure, ttlOf, type TableRef } from './client';

const accountKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' });
const emailKey = (email: string) => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'EMAIL' });
const usernameKey = (username: string) => ({ pk: `USERNAME#${username.toLowerCase()}`, sk: 'USERNAME' });
const linkKey = (linkHash: string) => ({ pk: `LINK#${linkHash}`, sk: 'LINK' });

/** Gives up rather than loop for ever if the username space around a name is somehow exhausted. */
const MAX_USERNAME_ATTEMPTS = 50;

const toAccount = (item: Record<string, unknown>): Account => {
  const { pk: _pk, sk: _sk, ...account } = item;
  return account as unknown as Account;
};

/** Accounts in the single table. Email and username are unique by conditional writes of their own items. */
export class DynamoAccountStore implements AccountStore {
  constructor(private readonly table: TableRef) {}

  async create(account: NewAccount, usernames: Iterable<string>): Promise<CreateAccountOutcome> {
    let attempts = 0;
    for (const username of usernames) {
      if (++attempts > MAX_USERNAME_ATTEMPTS) break;
      const full: Account = { ...account, username };
      try {
        await this.table.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: this.table.tableName, Item: { ...accountKey(full.accountId), ...full }, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: this.table.tableName, Item: { ...emailKey(full.email), accountId: full.accountId }, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: this.table.tableName, Item: { ...usernameKey(username), accountId: full.accountId }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        );
        return { outcome: 'created', account: full };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const [, emailTaken] = cancellationCodes(error);
        if (emailTaken === 'ConditionalCheckFailed') {
          const existing = await this.findByEmail(full.email);
          if (existing) return { outcome: 'email_taken', existing };
        }
      }
    }
    throw new Error('No free username found');
  }

  async remove(account: Account): Promise<void> {
    await this.table.doc.send(
      new TransactWriteCommand({
        TransactItems: [accountKey(account.accountId), emailKey(account.email), usernameKey(account.username)].map((Key) => ({
          Delete: { TableName: this.table.tableName, Key },
        })),
      }),
    );
  }

  async findById(accountId: string): Promise<Account | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: accountKey(accountId), ConsistentRead: true }));
    return Item ? toAccount(Item) : undefined;
  }

  async findByLogin(login: string): Promise<Account | undefined> {
    return login.includes('@') ? this.findByEmail(login) : this.findVia(usernameKey(login));
  }

  private findByEmail(email: string): Promise<Account | undefined> {
    return this.findVia(emailKey(email));
  }

  private async findVia(key: { pk: string; sk: string }): Promise<Account | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: key, ConsistentRead: true }));
    return Item ? this.findById(Item.accountId as string) : undefined;
  }

  async saveLink(link: PasswordLink, activationTaskToken?: string): Promise<void> {
    await this.table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table.tableName,
              Item: { ...linkKey(link.linkHash), accountId: link.accountId, expiresAt: link.expiresAt.toISOString(), ttl: ttlOf(link.expiresAt) },
            },
          },
          {
            Update: {
              TableName: this.table.tableName,
              Key: accountKey(link.accountId),
              UpdateExpression: activationTaskToken ? 'SET currentLinkHash = :h, activationTaskToken = :t' : 'SET currentLinkHash = :h',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: activationTaskToken ? { ':h': link.linkHash, ':t': activationTaskToken } : { ':h': link.linkHash },
            },
          },
        ],
      }),
    );
  }

  async findLink(linkHash: string): Promise<PasswordLink | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: linkKey(linkHash), ConsistentRead: true }));
    return Item ? { linkHash, accountId: Item.accountId as string, expiresAt: new Date(Item.expiresAt as string) } : undefined;
  }

  async setPasswordWithLink(link: PasswordLink, passwordHash: string, at: Date): Promise<boolean> {
    return applied(
      this.table,
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.table.tableName,
              Key: accountKey(link.accountId),
              UpdateExpression: 'SET passwordHash = :p, passwordSetAt = :at REMOVE currentLinkHash, activationTaskToken',
              ConditionExpression: 'currentLinkHash = :h',
              ExpressionAttributeValues: { ':p': passwordHash, ':at': at.toISOString(), ':h': link.linkHash },
            },
          },
          { Delete: { TableName: this.table.tableName, Key: linkKey(link.linkHash), ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );
  }

  async recordSignInFailure(accountId: string, maxFailures: number, lockUntil: Date): Promise<{ lockedNow: boolean }> {
    const { Attributes } = await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: accountKey(accountId),
        UpdateExpression: 'ADD failedSignIns :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const failures = Number(Attributes?.failedSignIns ?? 0);
    if (failures < maxFailures) return { lockedNow: false };
    try {
      // Only the caller whose failure reached the limit sets the lock (and so sends the one email).
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: accountKey(accountId),
          UpdateExpression: 'SET signInLockedUntil = :until, failedSignIns = :zero',
          ConditionExpression: 'failedSignIns = :failures',
          ExpressionAttributeValues: { ':until': lockUntil.toISOString(), ':zero': 0, ':failures': failures },
        }),
      );
      return { lockedNow: true };
    } catch (error) {
      if (isConditionFailure(error)) return { lockedNow: false };
      throw error;
    }
  }

  async clearSignInFailures(accountId: string): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({ TableName: this.table.tableName, Key: accountKey(accountId), UpdateExpression: 'SET failedSignIns = :zero', ExpressionAttributeValues: { ':zero': 0 } }),
    );
  }

  async grantRole(accountId: string, role: string): Promise<void> {
    const account = await this.findById(accountId);
    if (!account || account.roles?.includes(role)) return;
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: accountKey(accountId),
        UpdateExpression: 'SET #roles = list_append(if_not_exists(#roles, :none), :role)',
        ExpressionAttributeNames: { '#roles': 'roles' },
        ExpressionAttributeValues: { ':none': [], ':role': [role] },
      }),
    );
  }
}
