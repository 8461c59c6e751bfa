import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Session, SessionStore } from '#domain/ports';
import { ttlOf, type TableRef } from './client';

export const sessionKey = (sessionHash: string) => ({ pk: `SESSION#${sessionHash}`, sk: 'SESSION' });

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
}
