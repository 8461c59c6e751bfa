import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Challenge, ChallengeStore } from '#domain/challenges-ports';
import { applied, ttlOf, type Stored, type TableRef } from './client';

const challengeKey = (challengeId: string) => ({ pk: `CHALLENGE#${challengeId}`, sk: 'CHALLENGE' });

export class DynamoChallengeStore implements ChallengeStore {
  constructor(private readonly table: TableRef) {}

  async save(challenge: Challenge): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...challengeKey(challenge.challengeId),
          purpose: challenge.purpose,
          accountId: challenge.accountId,
          phoneNumber: challenge.phoneNumber,
          codeHash: challenge.codeHash,
          expiresAt: challenge.expiresAt.toISOString(),
          failedAttempts: challenge.failedAttempts,
          firstFactor: challenge.firstFactor,
          ttl: ttlOf(challenge.expiresAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async find(challengeId: string): Promise<Challenge | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: challengeKey(challengeId), ConsistentRead: true }));
    const item = Item as Stored<Omit<Challenge, 'challengeId'>> | undefined;
    return item
      ? {
          challengeId,
          purpose: item.purpose,
          accountId: item.accountId,
          phoneNumber: item.phoneNumber,
          codeHash: item.codeHash,
          expiresAt: new Date(item.expiresAt),
          failedAttempts: Number(item.failedAttempts),
          usedAt: item.usedAt ? new Date(item.usedAt) : undefined,
          ...(item.firstFactor && { firstFactor: item.firstFactor }),
        }
      : undefined;
  }

  reserveAttempt(challengeId: string, maxFailures: number, now: Date): Promise<boolean> {
    return applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: challengeKey(challengeId),
        UpdateExpression: 'ADD failedAttempts :one',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND failedAttempts < :max AND expiresAt > :now',
        ExpressionAttributeValues: { ':one': 1, ':max': maxFailures, ':now': now.toISOString() },
      }),
    );
  }

  use(challengeId: string, maxFailures: number, at: Date): Promise<boolean> {
    return applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: challengeKey(challengeId),
        UpdateExpression: 'SET usedAt = :at',
        // The right code's own try was reserved: it may be the last one.
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND failedAttempts <= :max',
        ExpressionAttributeValues: { ':at': at.toISOString(), ':max': maxFailures },
      }),
    );
  }
}
