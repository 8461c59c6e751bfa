import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EidFlow, EidLink, EidProof, EidStore } from '#domain/eid-ports';
import { applied, isConditionFailure, ttlOf, type Stored, type TableRef } from './client';

/**
 * An identity's lookup (pk EID_IDENTITY#linkId): written only if absent, so one external identity
 * names one account at most. Its entry beside the account (pk ACCOUNT#id, sk EID_LINK#linkId) lists
 * and erases it with the account. Both written or neither.
 */
const identityKey = (linkId: string) => ({ pk: `EID_IDENTITY#${linkId}`, sk: 'EID_IDENTITY' });
const entryKey = (accountId: string, linkId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `EID_LINK#${linkId}` });
/** A flow in flight and a proof, by the hash of their secret; each taken once (a conditional delete), and swept by TTL. */
const flowKey = (stateHash: string) => ({ pk: `EID_FLOW#${stateHash}`, sk: 'EID_FLOW' });
const proofKey = (proofHash: string) => ({ pk: `EID_PROOF#${proofHash}`, sk: 'EID_PROOF' });

type LinkItem = Stored<Omit<EidLink, 'linkId'>>;
const toLink = (linkId: string, item: LinkItem): EidLink => ({
  linkId,
  accountId: item.accountId,
  providerId: item.providerId,
  issuer: item.issuer,
  subject: item.subject,
  linkedAt: new Date(item.linkedAt),
  ...(item.lastUsedAt && { lastUsedAt: new Date(item.lastUsedAt) }),
});

export class DynamoEidStore implements EidStore {
  constructor(private readonly table: TableRef) {}

  /** Deletes an item that is still alive and returns it; undefined for a missing or expired one (deleted too). */
  private async take(Key: { pk: string; sk: string }, now: Date): Promise<Record<string, unknown> | undefined> {
    try {
      const { Attributes } = await this.table.doc.send(
        new DeleteCommand({ TableName: this.table.tableName, Key, ConditionExpression: 'attribute_exists(pk)', ReturnValues: 'ALL_OLD' }),
      );
      return Attributes && new Date(Attributes.expiresAt as string) > now ? Attributes : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async saveFlow(flow: EidFlow): Promise<void> {
    const { stateHash, ...rest } = flow;
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...flowKey(stateHash), ...rest, expiresAt: flow.expiresAt.toISOString(), ttl: ttlOf(flow.expiresAt) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async takeFlow(stateHash: string, now: Date): Promise<EidFlow | undefined> {
    const item = (await this.take(flowKey(stateHash), now)) as Stored<Omit<EidFlow, 'stateHash'>> | undefined;
    return (
      item && {
        stateHash,
        purpose: item.purpose,
        providerId: item.providerId,
        browserHash: item.browserHash,
        nonce: item.nonce,
        codeVerifier: item.codeVerifier,
        sessionHash: item.sessionHash,
        accountId: item.accountId,
        expiresAt: new Date(item.expiresAt),
      }
    );
  }

  link(link: EidLink): Promise<boolean> {
    const { linkId, accountId } = link;
    const item = { accountId, providerId: link.providerId, issuer: link.issuer, subject: link.subject, linkedAt: link.linkedAt.toISOString() };
    return applied(
      this.table,
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table.tableName, Item: { ...identityKey(linkId), ...item }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: this.table.tableName, Item: { ...entryKey(accountId, linkId), ...item } } },
        ],
      }),
    );
  }

  async find(linkId: string): Promise<EidLink | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: identityKey(linkId), ConsistentRead: true }));
    if (!Item) return undefined;
    // The account's entry holds when it was last used.
    const { Item: entry } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: entryKey(Item.accountId as string, linkId), ConsistentRead: true }),
    );
    return toLink(linkId, (entry ?? Item) as LinkItem);
  }

  async listOf(accountId: string): Promise<EidLink[]> {
    const { Items = [] } = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':prefix': 'EID_LINK#' },
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => toLink((item.sk as string).slice('EID_LINK#'.length), item as LinkItem)).sort(
      (a, b) => a.linkedAt.getTime() - b.linkedAt.getTime() || a.linkId.localeCompare(b.linkId),
    );
  }

  async markUsed(accountId: string, linkId: string, at: Date): Promise<void> {
    await applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: entryKey(accountId, linkId),
        UpdateExpression: 'SET lastUsedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
  }

  async unlink(accountId: string, linkId: string): Promise<EidLink | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: entryKey(accountId, linkId), ConsistentRead: true }));
    if (!Item) return undefined;
    const removed = await applied(
      this.table,
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.table.tableName, Key: entryKey(accountId, linkId), ConditionExpression: 'attribute_exists(pk)' } },
          {
            Delete: {
              TableName: this.table.tableName,
              Key: identityKey(linkId),
              ConditionExpression: 'accountId = :id',
              ExpressionAttributeValues: { ':id': accountId },
            },
          },
        ],
      }),
    );
    return removed ? toLink(linkId, Item as LinkItem) : undefined;
  }

  async saveProof(proof: EidProof): Promise<void> {
    const { proofHash, ...rest } = proof;
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...proofKey(proofHash), ...rest, expiresAt: proof.expiresAt.toISOString(), ttl: ttlOf(proof.expiresAt) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async takeProof(proofHash: string, now: Date): Promise<EidProof | undefined> {
    const item = (await this.take(proofKey(proofHash), now)) as Stored<Omit<EidProof, 'proofHash'>> | undefined;
    return item && { proofHash, accountId: item.accountId, providerId: item.providerId, linkId: item.linkId, expiresAt: new Date(item.expiresAt) };
  }
}
