import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SecurityKey, SecurityKeyStore, WebauthnChallenge, WebauthnChallengeStore } from '#domain/security-keys-ports';
import { applied, ttlOf, type Stored, type TableRef } from './client';

/** Keys live beside their account: pk ACCOUNT#id, sk WEBAUTHN#<credentialId>, so a credential is unique per account. */
const keyKey = (accountId: string, credentialId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `WEBAUTHN#${credentialId}` });

/** A security key as its item holds it. */
export const toSecurityKey = (item: Stored<SecurityKey>): SecurityKey => ({
  keyId: item.keyId,
  credentialId: item.credentialId,
  publicKey: item.publicKey,
  counter: Number(item.counter),
  transports: item.transports ?? [],
  name: item.name,
  backupEligible: Boolean(item.backupEligible),
  backedUp: Boolean(item.backedUp),
  createdAt: new Date(item.createdAt),
  lastUsedAt: item.lastUsedAt ? new Date(item.lastUsedAt) : undefined,
});

export class DynamoSecurityKeyStore implements SecurityKeyStore {
  constructor(private readonly table: TableRef) {}

  async list(accountId: string): Promise<SecurityKey[]> {
    const { Items = [] } = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :key)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':key': 'WEBAUTHN#' },
        ConsistentRead: true,
      }),
    );
    return (Items as Stored<SecurityKey>[]).map(toSecurityKey).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  add(accountId: string, key: SecurityKey): Promise<boolean> {
    return applied(
      this.table,
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keyKey(accountId, key.credentialId), ...key, createdAt: key.createdAt.toISOString(), lastUsedAt: undefined },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  recordUse(accountId: string, credentialId: string, previousCounter: number, counter: number, backedUp: boolean, at: Date): Promise<boolean> {
    return applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keyKey(accountId, credentialId),
        UpdateExpression: 'SET #counter = :counter, backedUp = :backedUp, lastUsedAt = :at',
        // The counter the use was checked against must still be the stored one: of two racing uses one fails.
        ConditionExpression: 'attribute_exists(pk) AND #counter = :previous',
        ExpressionAttributeNames: { '#counter': 'counter' },
        ExpressionAttributeValues: { ':counter': counter, ':previous': previousCounter, ':backedUp': backedUp, ':at': at.toISOString() },
      }),
    );
  }

  async remove(accountId: string, keyId: string): Promise<SecurityKey | undefined> {
    const key = (await this.list(accountId)).find((candidate) => candidate.keyId === keyId);
    if (!key) return undefined;
    const { Attributes } = await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keyKey(accountId, key.credentialId), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes ? key : undefined;
  }
}

const challengeKey = (challengeId: string) => ({ pk: `WEBAUTHN_CHALLENGE#${challengeId}`, sk: 'CHALLENGE' });

/** WebAuthn challenges, each an item with a TTL; taking one deletes it (single use). */
export class DynamoWebauthnChallengeStore implements WebauthnChallengeStore {
  constructor(private readonly table: TableRef) {}

  async save(challenge: WebauthnChallenge): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...challengeKey(challenge.challengeId), ...challenge, expiresAt: challenge.expiresAt.toISOString(), ttl: ttlOf(challenge.expiresAt) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async take(challengeId: string): Promise<WebauthnChallenge | undefined> {
    try {
      const { Attributes } = await this.table.doc.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: challengeKey(challengeId),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      const item = Attributes as Stored<WebauthnChallenge> | undefined;
      return (
        item && {
          challengeId,
          purpose: item.purpose,
          accountId: item.accountId,
          challenge: item.challenge,
          expiresAt: new Date(item.expiresAt),
          ...(item.firstFactor && { firstFactor: item.firstFactor }),
        }
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }
}
