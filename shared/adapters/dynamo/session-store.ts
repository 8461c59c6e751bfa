import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Session, SessionStore } from '#domain/sessions-ports';
import { queryAll, ttlOf, type Stored, type TableRef } from './client';

/** The session itself, found by the cookie's hash at every request. */
const sessionKey = (sessionHash: string) => ({ pk: `SESSION#${sessionHash}`, sk: 'SESSION' });
/**
 * Its entry beside the account (pk ACCOUNT#id, sk SESSION#hash): the account's sessions are one
 * strongly consistent Query away, which a GSI (eventually consistent) would not give a revocation.
 */
const accountEntryKey = (accountId: string, sessionHash: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `SESSION#${sessionHash}` });

/** Deletes run this many at a time when an account's sessions all end. */
const DELETES_AT_ONCE = 25;

/** A session's item: the session but its hash, which is in the key. */
type SessionItem = Stored<Omit<Session, 'sessionHash'>>;

const toSession = (sessionHash: string, item: SessionItem): Session => ({
  sessionHash,
  accountId: item.accountId,
  assurance: item.assurance,
  authenticatedAt: new Date(item.authenticatedAt),
  idleExpiresAt: new Date(item.idleExpiresAt),
  absoluteExpiresAt: new Date(item.absoluteExpiresAt),
  ...(item.firstFactor && { firstFactor: item.firstFactor }),
});

export class DynamoSessionStore implements SessionStore {
  constructor(private readonly table: TableRef) {}

  async save(session: Session): Promise<void> {
    const ttl = ttlOf(session.absoluteExpiresAt);
    // Both or neither: a session the account's list does not know could not be revoked.
    await this.table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table.tableName,
              Item: {
                ...sessionKey(session.sessionHash),
                accountId: session.accountId,
                assurance: session.assurance,
                authenticatedAt: session.authenticatedAt.toISOString(),
                idleExpiresAt: session.idleExpiresAt.toISOString(),
                absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
                firstFactor: session.firstFactor,
                ttl,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: this.table.tableName, Item: { ...accountEntryKey(session.accountId, session.sessionHash), ttl } } },
        ],
      }),
    );
  }

  async find(sessionHash: string): Promise<Session | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: sessionKey(sessionHash), ConsistentRead: true }));
    return Item ? toSession(sessionHash, Item as SessionItem) : undefined;
  }

  async touch(sessionHash: string, idleExpiresAt: Date): Promise<void> {
    await this.table.doc
      .send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: sessionKey(sessionHash),
          UpdateExpression: 'SET idleExpiresAt = :idle',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':idle': idleExpiresAt.toISOString() },
        }),
      )
      .catch((error: Error) => {
        // Signed out meanwhile: nothing to extend (and nothing brought back).
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  async remove(sessionHash: string): Promise<void> {
    const removed = await this.removeOne(sessionHash);
    if (removed) await this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key: accountEntryKey(removed.accountId, sessionHash) }));
  }

  async removeAllOf(accountId: string, exceptSessionHash?: string): Promise<Session[]> {
    const hashes = (await this.hashesOf(accountId)).filter((hash) => hash !== exceptSessionHash);
    const removed: Session[] = [];
    for (let start = 0; start < hashes.length; start += DELETES_AT_ONCE) {
      const batch = hashes.slice(start, start + DELETES_AT_ONCE);
      const sessions = await Promise.all(
        batch.map(async (hash) => {
          // The session first: from then on its cookie opens nothing, whatever happens next.
          const session = await this.removeOne(hash);
          await this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key: accountEntryKey(accountId, hash) }));
          return session;
        }),
      );
      removed.push(...sessions.filter((session): session is Session => session !== undefined));
    }
    return removed;
  }

  async listOf(accountId: string): Promise<Session[]> {
    const sessions = await Promise.all((await this.hashesOf(accountId)).map((hash) => this.find(hash)));
    return sessions.filter((session): session is Session => session !== undefined);
  }

  private async removeOne(sessionHash: string): Promise<Session | undefined> {
    const { Attributes } = await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: sessionKey(sessionHash), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes ? toSession(sessionHash, Attributes as SessionItem) : undefined;
  }

  /** Every session hash listed beside the account, page after page, read strongly consistent. */
  private async hashesOf(accountId: string): Promise<string[]> {
    const items = await queryAll<{ sk: string }>(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :session)',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':session': 'SESSION#' },
      ProjectionExpression: 'sk',
      ConsistentRead: true,
    });
    return items.map((item) => item.sk.slice('SESSION#'.length));
  }
}
