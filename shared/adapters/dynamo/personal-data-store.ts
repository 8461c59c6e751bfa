import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Account } from '#domain/accounts-ports';
import type { PersonalDataStore } from '#domain/personal-data-ports';
import { isConditionFailure, type TableRef, queryAll } from './client';
import { forgetAccount, OIDC_ACCOUNT_ITEM_PREFIX } from './oidc-items';

type Key = { pk: string; sk: string };
type Item = Key & Record<string, unknown>;

/** What the export and the erasure do with one kind of item. */
export interface ItemKind {
  /** The field of the export (shared/domain/personal-data.ts) that carries it, or why it is not exported. */
  exported: string | { no: string };
  /** `deleted`; `pseudonymised` (kept, without anything that names the person); or kept until it expires, and why. */
  erasure: 'deleted' | 'pseudonymised' | { expires: string };
}

/**
 * Every kind of item the one table holds about a person, by the shape of its keys (`kindOf`), and
 * what becomes of it. `test/handlers/personal-data.test.ts` scans the table after a whole journey
 * and fails on an item about the person whose kind is not here: a new kind of item cannot be left
 * out of the export or the erasure without someone deciding it here. SECURITY.md's data inventory
 * is this table in prose.
 */
export const PERSONAL_ITEM_KINDS: Record<string, ItemKind> = {
  'ACCOUNT#/ACCOUNT': { exported: 'account', erasure: 'deleted' },
  'EMAIL#/EMAIL': { exported: 'account', erasure: 'deleted' },
  'USERNAME#/USERNAME': { exported: 'account', erasure: 'deleted' },
  'ACCOUNT#/PHONE#': { exported: 'phones', erasure: 'deleted' },
  'ACCOUNT#/TOTP#': { exported: 'authenticatorApps', erasure: 'deleted' },
  'ACCOUNT#/WEBAUTHN#': { exported: 'securityKeys', erasure: 'deleted' },
  'ACCOUNT#/RECOVERY_CODES': { exported: 'recoveryCodes', erasure: 'deleted' },
  'ACCOUNT#/EID_LINK#': { exported: 'eidLinks', erasure: 'deleted' },
  'EID_IDENTITY#/EID_IDENTITY': { exported: 'eidLinks', erasure: 'deleted' },
  'EID_FLOW#/EID_FLOW': {
    exported: { no: 'a sign-in or link at an eID provider in flight: its nonce and PKCE verifier, the session that asked' },
    erasure: { expires: 'within 10 minutes (eidFlowSeconds); unusable at once, its session being gone' },
  },
  'EID_PROOF#/EID_PROOF': {
    exported: { no: 'an eID sign-in waiting for its second factor: the hash of its proof' },
    erasure: { expires: 'within 5 minutes (eidProofSeconds); unusable at once, its account being gone' },
  },
  'ACCOUNT#/SESSION#': { exported: 'sessions', erasure: 'deleted' },
  'SESSION#/SESSION': { exported: 'sessions', erasure: 'deleted' },
  'ACCOUNT#/FACTOR_RESET': { exported: 'secondFactorReset', erasure: 'deleted' },
  'FACTOR_RESET#/FACTOR_RESET': { exported: 'secondFactorReset', erasure: 'deleted' },
  'ACCOUNT#/RCAM': { exported: 'rcamRequests', erasure: 'deleted' },
  'ACCOUNT#/RCAM_REQUEST#': { exported: 'rcamRequests', erasure: 'deleted' },
  'RCAM#/REQUEST': { exported: 'rcamRequests', erasure: 'deleted' },
  'LETTER#/LETTER': { exported: 'rcamRequests', erasure: 'deleted' },
  'LETTER#/PDF': { exported: { no: 'the printable letter, kept until it is posted: it holds the access code in clear' }, erasure: 'deleted' },
  'AUDIT#/': { exported: 'rcamRequests', erasure: 'pseudonymised' },
  'LINK#/LINK': { exported: { no: 'a password link: the hash of its token and its expiry, nothing about the person' }, erasure: 'deleted' },
  'RATE#LINK#/RATE': { exported: { no: 'instants of "lost password" requests, an abuse counter' }, erasure: 'deleted' },
  'RATE#NEWNUMBERS#/RATE': { exported: { no: 'instants and hashes of numbers tried, an abuse counter' }, erasure: 'deleted' },
  'RATE#PHONECODES#/RATE': { exported: { no: 'instants of phone codes sent, an abuse counter' }, erasure: 'deleted' },
  'RATE#REDEEM#/RATE': { exported: { no: "instants of tries at the letter's code, an abuse counter" }, erasure: 'deleted' },
  'RATE#SMS#/RATE': {
    exported: { no: 'instants of SMS sent to a number, whoever asked: an abuse counter of the number, not of the account' },
    erasure: { expires: 'within 24 hours; erasing it would let anyone reset a number’s SMS limits by deleting an account' },
  },
  // The OpenID provider's objects about the person (oidc-provider's session, grants, codes, tokens,
  // interactions), and their index items under the account (shared/adapters/dynamo/oidc-store.ts).
  'OIDC#/OIDC': {
    exported: { no: "a service's sign-in through Passerelle: the provider's session, grants, codes and tokens, which open the service" },
    erasure: 'deleted',
  },
  'ACCOUNT#/OIDC#': { exported: { no: "the index of the provider's objects about the account" }, erasure: 'deleted' },
  'CHALLENGE#/CHALLENGE': {
    exported: { no: 'an SMS or app code in flight: the hash of the code, the number it went to' },
    erasure: { expires: 'within 30 minutes (challengeLifetimeSeconds); unusable at once, its account being gone' },
  },
  'WEBAUTHN_CHALLENGE#/CHALLENGE': {
    exported: { no: 'a security-key challenge in flight' },
    erasure: { expires: 'within 5 minutes; unusable at once, its account being gone' },
  },
};

/** The leading all-capital segments of a key ("RATE#SMS#+3247..." -> "RATE#SMS#"): the kind without the ids. */
const shapeOf = (key: string): string => {
  const segments = key.split('#');
  const fixed: string[] = [];
  for (const segment of segments) {
    if (!/^[A-Z_]+$/.test(segment)) break;
    fixed.push(segment);
  }
  // A key of ids alone (an audit record's "<instant>#<uuid>") has no fixed part.
  return fixed.length === 0 ? '' : fixed.join('#') + (fixed.length < segments.length ? '#' : '');
};

/** An item's kind, as PERSONAL_ITEM_KINDS names it: "ACCOUNT#/PHONE#". */
export const kindOf = (item: Key): string => `${shapeOf(item.pk)}/${shapeOf(item.sk)}`;

/** Deletes run this many at a time. */
const DELETES_AT_ONCE = 25;

/** Audit details that may name or describe the person (a clerk's free-text reason). */
const PERSONAL_DETAILS = ['reason'];

/** The right to erasure on the single table: see PersonalDataStore. */
export class DynamoPersonalDataStore implements PersonalDataStore {
  constructor(private readonly table: TableRef) {}

  private query(pk: string): Promise<Item[]> {
    return queryAll<Item>(this.table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true });
  }

  private async deleteAll(keys: Key[]): Promise<void> {
    for (let start = 0; start < keys.length; start += DELETES_AT_ONCE) {
      await Promise.all(
        keys.slice(start, start + DELETES_AT_ONCE).map((Key) => this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key }))),
      );
    }
  }

  /** Deletes a lookup (email, username) only while it still names this account: a retry never frees someone else's. */
  private async deleteLookup(Key: Key, accountId: string): Promise<void> {
    try {
      await this.table.doc.send(
        new DeleteCommand({ TableName: this.table.tableName, Key, ConditionExpression: 'accountId = :id', ExpressionAttributeValues: { ':id': accountId } }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Rewrites a request's audit records: the person's own acts under the pseudonym, free text about them gone. */
  private async pseudonymise(requestId: string, account: Account, pseudonym: string): Promise<void> {
    const mine = (value: unknown) => value === account.accountId || value === account.username;
    for (const record of await this.query(`AUDIT#${requestId}`)) {
      const details = record.details as Record<string, unknown> | undefined;
      const personalDetails = details ? PERSONAL_DETAILS.filter((name) => name in details) : [];
      if (!mine(record.actor) && !mine(record.actorAccountId) && personalDetails.length === 0) continue;
      const rewritten: Item = { ...record };
      if (mine(record.actor)) rewritten.actor = pseudonym;
      if (mine(record.actorAccountId)) rewritten.actorAccountId = pseudonym;
      if (details) rewritten.details = Object.fromEntries(Object.entries(details).filter(([name]) => !PERSONAL_DETAILS.includes(name)));
      await this.table.doc.send(new PutCommand({ TableName: this.table.tableName, Item: rewritten }));
    }
  }

  async erase(account: Account, pseudonym: string): Promise<void> {
    const { accountId } = account;
    const partition = await this.query(`ACCOUNT#${accountId}`);
    const sessions: Key[] = [];
    const others: Key[] = [];
    const lookups: Key[] = [];
    const requestIds = new Set<string>();
    for (const item of partition) {
      if (item.sk.startsWith('SESSION#')) sessions.push({ pk: item.sk, sk: 'SESSION' });
      if (item.sk.startsWith('EID_LINK#')) lookups.push({ pk: `EID_IDENTITY#${item.sk.slice('EID_LINK#'.length)}`, sk: 'EID_IDENTITY' });
      if (item.sk === 'FACTOR_RESET' && typeof item.tokenHash === 'string') others.push({ pk: `FACTOR_RESET#${item.tokenHash}`, sk: 'FACTOR_RESET' });
      if ((item.sk === 'RCAM' || item.sk.startsWith('RCAM_REQUEST#')) && typeof item.requestId === 'string') requestIds.add(item.requestId);
    }
    // Signed out everywhere first, of Passerelle and of the services' provider: whatever happens
    // next, no session, code or token of the account opens anything.
    await Promise.all([
      this.deleteAll(sessions),
      forgetAccount(
        this.table,
        accountId,
        partition.filter((item) => item.sk.startsWith(OIDC_ACCOUNT_ITEM_PREFIX)),
      ),
    ]);
    for (const requestId of requestIds) {
      const { Item } = await this.table.doc.send(
        new GetCommand({ TableName: this.table.tableName, Key: { pk: `RCAM#${requestId}`, sk: 'REQUEST' }, ConsistentRead: true }),
      );
      if (Item && Item.accountId !== accountId) continue;
      await this.pseudonymise(requestId, account, pseudonym);
      if (typeof Item?.letterId === 'string') others.push({ pk: `LETTER#${Item.letterId}`, sk: 'LETTER' }, { pk: `LETTER#${Item.letterId}`, sk: 'PDF' });
      // The request's item holds the pending review's index keys: deleting it takes it off the PMO's list.
      others.push({ pk: `RCAM#${requestId}`, sk: 'REQUEST' });
    }
    if (account.currentLinkHash) others.push({ pk: `LINK#${account.currentLinkHash}`, sk: 'LINK' });
    for (const counter of ['LINK', 'NEWNUMBERS', 'PHONECODES', 'REDEEM']) others.push({ pk: `RATE#${counter}#${accountId}`, sk: 'RATE' });
    await this.deleteAll(others);
    await Promise.all([
      this.deleteLookup({ pk: `EMAIL#${account.email.toLowerCase()}`, sk: 'EMAIL' }, accountId),
      this.deleteLookup({ pk: `USERNAME#${account.username.toLowerCase()}`, sk: 'USERNAME' }, accountId),
      // A linked eID: its identity may sign in to nothing any more, and may be linked to a new account.
      ...lookups.map((key) => this.deleteLookup(key, accountId)),
    ]);
    // The account's own item last: until it is gone, a retry finds the account and finishes the work.
    await this.deleteAll(partition.filter((item) => item.sk !== 'ACCOUNT').map(({ pk, sk }) => ({ pk, sk })));
    await this.deleteAll([{ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' }]);
  }
}
