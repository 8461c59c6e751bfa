import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Account, AccountStore, AttemptReservation, AttemptRules, CreateAccountOutcome, NewAccount, PasswordLink } from '#domain/accounts-ports';
import { applied, cancellationCodes, isConditionFailure, ttlOf, type TableRef } from './client';

const accountKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' });
const emailKey = (email: string) => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'EMAIL' });
const usernameKey = (username: string) => ({ pk: `USERNAME#${username.toLowerCase()}`, sk: 'USERNAME' });
const linkKey = (linkHash: string) => ({ pk: `LINK#${linkHash}`, sk: 'LINK' });

/** Gives up rather than loop for ever if the username space around a name is somehow exhausted. */
const MAX_USERNAME_ATTEMPTS = 50;

export const toAccount = (item: Record<string, unknown>): Account => {
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
              {
                Put: {
                  TableName: this.table.tableName,
                  Item: { ...emailKey(full.email), accountId: full.accountId },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.table.tableName,
                  Item: { ...usernameKey(username), accountId: full.accountId },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
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
    const accountId = await this.accountIdByLogin(login);
    return accountId ? this.findById(accountId) : undefined;
  }

  private findByEmail(email: string): Promise<Account | undefined> {
    return this.findByLogin(email);
  }

  async accountIdByLogin(login: string): Promise<string | undefined> {
    const Key = login.includes('@') ? emailKey(login) : usernameKey(login);
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key, ConsistentRead: true }));
    return Item?.accountId as string | undefined;
  }

  saveLink(link: PasswordLink, activationTaskToken?: string): Promise<boolean> {
    return applied(
      this.table,
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
              // Proof of the mailbox: a lock and a disabled password sign-in end here.
              UpdateExpression: [
                'SET passwordHash = :p, passwordSetAt = :at, signInAttempts = :zero, consecutiveFailedSignIns = :zero',
                'REMOVE currentLinkHash, activationTaskToken',
              ].join(' '),
              ConditionExpression: 'currentLinkHash = :h',
              ExpressionAttributeValues: { ':p': passwordHash, ':at': at.toISOString(), ':h': link.linkHash, ':zero': 0 },
            },
          },
          { Delete: { TableName: this.table.tableName, Key: linkKey(link.linkHash), ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );
  }

  async reserveSignInAttempt(accountId: string, now: Date, rules: AttemptRules): Promise<AttemptReservation> {
    const at = now.getTime();
    // Contention only at a window's turn (a lock just over): a few rounds settle it; past them, refuse.
    for (let round = 0; round < 3; round++) {
      // A refused write hands back the item as it stood (ALL_OLD): why it refused costs no second read.
      const refused = await this.reserve(accountId, {
        UpdateExpression: 'SET lastSignInAttemptAt = :now ADD signInAttempts :one, consecutiveFailedSignIns :one',
        ConditionExpression: [
          'attribute_exists(pk)',
          'AND (attribute_not_exists(signInAttempts) OR signInAttempts < :max)',
          'AND (attribute_not_exists(consecutiveFailedSignIns) OR consecutiveFailedSignIns < :ceiling)',
        ].join(' '),
        ExpressionAttributeValues: { ':now': at, ':one': 1, ':max': rules.maxAttempts, ':ceiling': rules.ceiling },
      });
      if (refused.outcome === 'reserved') return refused;
      const { item } = refused;
      if (!item) return { outcome: 'no_account' };
      // The document client leaves a refused write's item in DynamoDB's own format: these are numbers (N).
      const counter = (name: string) => Number(item[name]?.N ?? 0);
      const attempts = counter('signInAttempts');
      const last = counter('lastSignInAttemptAt');
      if (counter('consecutiveFailedSignIns') >= rules.ceiling) return { outcome: 'disabled' };
      if (attempts < rules.maxAttempts) continue; // a success cleared the window meanwhile
      const until = last + rules.lockSeconds * 1000;
      if (until > at) return { outcome: 'locked', until: new Date(until) };
      // The lock is over: this attempt opens the next window, unless another one just did.
      const turned = await this.reserve(accountId, {
        UpdateExpression: 'SET signInAttempts = :one, lastSignInAttemptAt = :now ADD consecutiveFailedSignIns :one',
        ConditionExpression: 'signInAttempts = :attempts AND lastSignInAttemptAt = :last AND consecutiveFailedSignIns < :ceiling',
        ExpressionAttributeValues: { ':now': at, ':one': 1, ':attempts': attempts, ':last': last, ':ceiling': rules.ceiling },
      });
      if (turned.outcome === 'reserved') return turned;
    }
    return { outcome: 'locked', until: now };
  }

  /** One conditional update of the attempt counters: the account as it left it, or the item (if any) as it stood. */
  private async reserve(
    accountId: string,
    update: Pick<UpdateCommandInput, 'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeValues'>,
  ): Promise<Extract<AttemptReservation, { outcome: 'reserved' }> | { outcome: 'refused'; item?: Record<string, AttributeValue> }> {
    try {
      const { Attributes } = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: accountKey(accountId),
          ...update,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return {
        outcome: 'reserved',
        account: toAccount(Attributes!),
        attemptInWindow: Number(Attributes!.signInAttempts),
        consecutive: Number(Attributes!.consecutiveFailedSignIns),
      };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { outcome: 'refused', item: (error as { Item?: Record<string, AttributeValue> }).Item };
    }
  }

  async openPmoContact(accountId: string, at: Date): Promise<void> {
    // The first one wins; later sign-ins leave the date as it was.
    await applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: accountKey(accountId),
        UpdateExpression: 'SET pmoContactAvailableAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(pmoContactAvailableAt)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
  }

  async releaseSignInAttempt(accountId: string): Promise<void> {
    await applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: accountKey(accountId),
        UpdateExpression: 'ADD signInAttempts :minus, consecutiveFailedSignIns :minus',
        ConditionExpression: 'signInAttempts > :zero AND consecutiveFailedSignIns > :zero',
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
      }),
    );
  }

  async clearSignInFailures(accountId: string): Promise<void> {
    await applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: accountKey(accountId),
        UpdateExpression: 'SET signInAttempts = :zero, consecutiveFailedSignIns = :zero',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
  }

  claimLockNotice(accountId: string, now: Date, intervalSeconds: number): Promise<boolean> {
    return applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: accountKey(accountId),
        UpdateExpression: 'SET lockNoticeSentAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lockNoticeSentAt) OR lockNoticeSentAt <= :since)',
        ExpressionAttributeValues: { ':now': now.getTime(), ':since': now.getTime() - intervalSeconds * 1000 },
      }),
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
