import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Session, SessionStore } from '#domain/ports';
import { ttlOf, type TableRef } from './client';

const sessionKey = (sessionHash: string) => ({ pk: `SESSION#${sessionHash}`, sk: 'SESSION' });

export class DynamoSessionStore implements SessionStore {
  constructor(private readonly table: TableRef) {}

  async save(session: Session): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...sessionKey(session.sessionHash),
          accountId: session.accountId,
          assurance: session.assurance,
          authenticatedAt: session.authenticatedAt.toISOString(),
          idleExpiresAt: session.idleExpiresAt.toISOString(),
          absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
          ttl: ttlOf(session.absoluteExpiresAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async find(sessionHash: string): Promise<Session | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: sessionKey(sessionHash), ConsistentRead: true }));
    return Item
      ? {
          sessionHash,
          accountId: Item.accountId,
          assurance: Item.assurance,
          authenticatedAt: new Date(Item.authenticatedAt),
          idleExpiresAt: new Date(Item.idleExpiresAt),
          absoluteExpiresAt: new Date(Item.absoluteExpiresAt),
        }
      : undefined;
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
        // Signed out meanwhile: nothing to extend.
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  async remove(sessionHash: string): Promise<void> {
    await this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key: sessionKey(sessionHash) }));
  }
}
