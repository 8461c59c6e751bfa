import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { Clock } from '#domain/clock';
import type { ServiceClient, ServiceClientStore } from '#domain/services-ports';
import { applied, type TableRef, queryAll } from './client';
import { accountMemberKey, grantMemberKey, objectKey, uidKey } from './oidc-items';

/*
 * oidc-provider's storage (sessions, interactions, grants, codes, tokens, clients) in the one
 * table. Each object is `OIDC#<model>#<id>`; a session's `uid` and a token's `grantId` have small
 * index items of their own (`OIDCUID#<uid>`, `OIDCGRANT#<grantId>` / `<model>#<id>`), so that
 * every lookup is a strongly consistent Get or Query, and revoking a grant finds all it issued.
 * An object that names an account (its session, grants, codes, tokens, interactions) has one more,
 * in the account's partition (`ACCOUNT#<accountId>` / `OIDC#<model>#<id>`, expiring with it): the
 * erasure of the account finds them all there (`forgetAccount`).
 * Every read checks expiry itself: DynamoDB's TTL deletes up to days late.
 */
/** The account an object is about: a session's, a grant's, a token's, an interaction's (once someone signed in). */
const accountIdOf = (payload: AdapterPayload | undefined): string | undefined => {
  const accountId = payload?.accountId ?? (payload?.result as { login?: { accountId?: unknown } } | undefined)?.login?.accountId;
  return typeof accountId === 'string' ? accountId : undefined;
};

/** The models whose objects belong to a grant (revoked with it). */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

const epochSeconds = (clock: Clock) => Math.floor(clock.now().getTime() / 1000);

/** One oidc-provider model's storage on the table. */
export class DynamoOidcAdapter implements Adapter {
  constructor(
    private readonly table: TableRef,
    private readonly model: string,
    private readonly clock: Clock,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expiresAt = expiresIn ? epochSeconds(this.clock) + expiresIn : undefined;
    const ttl = expiresAt ? { ttl: expiresAt, expiresAt } : {};
    const writes: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      { Put: { TableName: this.table.tableName, Item: { ...objectKey(this.model, id), payload, ...ttl } } },
    ];
    if (payload.uid) writes.push({ Put: { TableName: this.table.tableName, Item: { ...uidKey(payload.uid), id, ...ttl } } });
    if (GRANTABLE.has(this.model) && payload.grantId) {
      writes.push({ Put: { TableName: this.table.tableName, Item: { ...grantMemberKey(payload.grantId, this.model, id), id, ...ttl } } });
    }
    const accountId = accountIdOf(payload);
    if (accountId) {
      const member = {
        model: this.model,
        id,
        ...(payload.uid && { uid: payload.uid }),
        ...(GRANTABLE.has(this.model) && payload.grantId && { grantId: payload.grantId }),
      };
      writes.push({ Put: { TableName: this.table.tableName, Item: { ...accountMemberKey(accountId, this.model, id), ...member, ...ttl } } });
    }
    if (writes.length === 1) await this.table.doc.send(new PutCommand(writes[0].Put!));
    else await this.table.doc.send(new TransactWriteCommand({ TransactItems: writes }));
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: objectKey(this.model, id), ConsistentRead: true }));
    if (!Item || (typeof Item.expiresAt === 'number' && Item.expiresAt <= epochSeconds(this.clock))) return undefined;
    return Item.payload as AdapterPayload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: uidKey(uid), ConsistentRead: true }));
    return Item ? this.find(Item.id as string) : undefined;
  }

  /** No device flow here: user codes are never issued. */
  findByUserCode(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  /**
   * Marks a code or token used, with one conditional write: of two redemptions racing past the
   * provider's own "consumed?" read, exactly one gets through, the other is `invalid_grant`.
   */
  async consume(id: string): Promise<void> {
    const first = await applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: objectKey(this.model, id),
        UpdateExpression: 'SET payload.#consumed = :now',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(payload.#consumed)',
        ExpressionAttributeNames: { '#consumed': 'consumed' },
        ExpressionAttributeValues: { ':now': epochSeconds(this.clock) },
      }),
    );
    if (!first) throw new errors.InvalidGrant('grant request is invalid');
  }

  async destroy(id: string): Promise<void> {
    const { Attributes } = await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: objectKey(this.model, id), ReturnValues: 'ALL_OLD' }),
    );
    const payload = Attributes?.payload as AdapterPayload | undefined;
    const accountId = accountIdOf(payload);
    const indexes = [
      ...(payload?.uid ? [uidKey(payload.uid)] : []),
      ...(payload?.grantId && GRANTABLE.has(this.model) ? [grantMemberKey(payload.grantId, this.model, id)] : []),
      ...(accountId ? [accountMemberKey(accountId, this.model, id)] : []),
    ];
    await Promise.all(indexes.map((Key) => this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key }))));
  }

  /** Every code and token issued under the grant goes, with the grant's index. */
  async revokeByGrantId(grantId: string): Promise<void> {
    const issued = await queryAll<{ pk: string; sk: string; id: string }>(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `OIDCGRANT#${grantId}` },
      ConsistentRead: true,
    });
    const keys = issued.flatMap((item) => {
      const [model] = item.sk.split('#');
      return [objectKey(model, item.id), { pk: item.pk, sk: item.sk }];
    });
    for (let i = 0; i < keys.length; i += 25) {
      await this.table.doc.send(
        new BatchWriteCommand({ RequestItems: { [this.table.tableName]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) } }),
      );
    }
  }
}

/** The adapter factory oidc-provider asks for: one adapter per model, all on the one table. */
export const dynamoOidcAdapter =
  (table: TableRef, clock: Clock) =>
  (model: string): Adapter =>
    new DynamoOidcAdapter(table, model, clock);

/** The list of registered clients: one small item per client beside its `OIDC#Client#<id>` object. */
const CLIENT_LIST = 'OIDC_CLIENTS';
const clientListKey = (clientId: string) => ({ pk: CLIENT_LIST, sk: clientId });

const clientOf = (clientId: string, payload: Record<string, unknown>): ServiceClient => ({
  clientId,
  name: payload.client_name as string | undefined,
  redirectUris: payload.redirect_uris as string[],
  postLogoutRedirectUris: (payload.post_logout_redirect_uris as string[] | undefined) ?? [],
  grant: payload.passerelle_grant as ServiceClient['grant'],
});

/**
 * Services as oidc-provider clients: registered by ops (`npm run admin -- register-client`), read
 * by the provider through the same `Client` model items. Public clients: PKCE, no secret. Each
 * client has an entry in one list partition (`OIDC_CLIENTS` / `<clientId>`), for `list-clients`.
 */
export class DynamoServiceClientStore implements ServiceClientStore {
  constructor(private readonly table: TableRef) {}

  async save(client: ServiceClient): Promise<void> {
    const payload = {
      client_id: client.clientId,
      ...(client.name && { client_name: client.name }),
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      passerelle_grant: client.grant,
    };
    await this.table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table.tableName, Item: { ...objectKey('Client', client.clientId), payload } } },
          { Put: { TableName: this.table.tableName, Item: { ...clientListKey(client.clientId) } } },
        ],
      }),
    );
  }

  async find(clientId: string): Promise<ServiceClient | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: objectKey('Client', clientId), ConsistentRead: true }));
    return Item && clientOf(clientId, Item.payload as Record<string, unknown>);
  }

  async list(): Promise<ServiceClient[]> {
    const listed = await queryAll(this.table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': CLIENT_LIST }, ConsistentRead: true });
    const clients = await Promise.all(listed.map((item) => item.sk as string).map((clientId) => this.find(clientId)));
    return clients.filter((client): client is ServiceClient => client !== undefined);
  }

  async remove(clientId: string): Promise<boolean> {
    const { Attributes } = await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: objectKey('Client', clientId), ReturnValues: 'ALL_OLD' }),
    );
    await this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key: clientListKey(clientId) }));
    return Attributes !== undefined;
  }
}
