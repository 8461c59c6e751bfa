import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { applied, type TableRef } from './client';

/**
 * The keys of the OpenID provider's items, and the erasure of an account's: apart from the
 * provider's storage (oidc-store.ts), which imports oidc-provider, so that the functions that
 * erase accounts do not carry the provider.
 */
export const objectKey = (model: string, id: string) => ({ pk: `OIDC#${model}#${id}`, sk: 'OIDC' });
export const uidKey = (uid: string) => ({ pk: `OIDCUID#${uid}`, sk: 'OIDC' });
export const grantMemberKey = (grantId: string, model: string, id: string) => ({ pk: `OIDCGRANT#${grantId}`, sk: `${model}#${id}` });
export const accountMemberKey = (accountId: string, model: string, id: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `OIDC#${model}#${id}` });

/** The sort key prefix of an account's index items of the provider's objects. */
export const OIDC_ACCOUNT_ITEM_PREFIX = 'OIDC#';

/** Objects `forgetAccount` deletes at a time. */
const FORGET_AT_ONCE = 25;

/**
 * The erasure of an account, for the provider: every object its index items in the account's
 * partition stand for goes (sessions, grants, codes, tokens, interactions), with its own indexes,
 * so nothing issued to the person opens anything after. An object is deleted only while it still
 * names the account (a browser's provider session may have passed to someone else). The index
 * items themselves go with the rest of the account's partition.
 */
export const forgetAccount = async (table: TableRef, accountId: string, members: ReadonlyArray<Record<string, unknown>>): Promise<void> => {
  for (let start = 0; start < members.length; start += FORGET_AT_ONCE) await Promise.all(members.slice(start, start + FORGET_AT_ONCE).map(forget));
  async function forget({ model, id, uid, grantId }: Record<string, unknown>): Promise<void> {
    if (typeof model !== 'string' || typeof id !== 'string') return;
    const deleted = await applied(
      table,
      new DeleteCommand({
        TableName: table.tableName,
        Key: objectKey(model, id),
        ConditionExpression: '#p.#a = :id OR #p.#r.#l.#a = :id',
        ExpressionAttributeNames: { '#p': 'payload', '#a': 'accountId', '#r': 'result', '#l': 'login' },
        ExpressionAttributeValues: { ':id': accountId },
      }),
    );
    if (!deleted) return;
    const indexes = [...(typeof uid === 'string' ? [uidKey(uid)] : []), ...(typeof grantId === 'string' ? [grantMemberKey(grantId, model, id)] : [])];
    await Promise.all(indexes.map((Key) => table.doc.send(new DeleteCommand({ TableName: table.tableName, Key }))));
  }
};
