import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord } from '#domain/audit-ports';
import type { Letter, LetterSummary } from '#domain/letters-ports';
import type { CodeRequest, RcamStatus, RcamStore } from '#domain/rcam-ports';
import { TABLE_KEY_SCHEMA } from '#shared/table';
import { applied, type Stored, type TableRef, queryAll } from './client';

const requestKey = (requestId: string) => ({ pk: `RCAM#${requestId}`, sk: 'REQUEST' });
const pointerKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'RCAM' });
/**
 * Every request the account ever made, beside it (the pointer names only the current one): what the
 * person's export lists and their erasure deletes, a Query away.
 */
const HISTORY_PREFIX = 'RCAM_REQUEST#';
const historyKey = (accountId: string, requestId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `${HISTORY_PREFIX}${requestId}` });
const letterKey = (letterId: string) => ({ pk: `LETTER#${letterId}`, sk: 'LETTER' });
/**
 * The printable letter (~20-45 KB: it holds the code in clear) in an item of its own beside the
 * letter's, outside the index: the letter's small item moves through the PMO's lists and takes its
 * task token without rewriting the PDF each time (an update pays for the whole item, and the index,
 * which projects everything, for it again). Written with the letter, deleted when it is posted.
 */
const pdfKey = (letterId: string) => ({ pk: `LETTER#${letterId}`, sk: 'PDF' });
const auditPartition = (requestId: string) => `AUDIT#${requestId}`;
const PENDING_REVIEWS = 'REVIEWS#pending';
const lettersWith = (status: Letter['status']) => `LETTERS#${status}`;

const OPTIONAL_DATES = ['deliveredAt', 'codeExpiresAt', 'redeemedAt', 'rcamAvailableAt', 'myIntracommAvailableAt'] as const;

/**
 * A request's item: its instants as ISO text, and beside it the index keys (while it awaits review)
 * and the review's decision. Items read through a projection lack the keys.
 */
type RequestItem = Omit<Stored<CodeRequest>, 'timeline'> & {
  timeline: Array<{ status: RcamStatus; at: string }>;
  pk?: string;
  sk?: string;
  gsi1pk?: string;
  gsi1sk?: string;
  decision?: 'approve' | 'reject';
  decidedAt?: string;
};

/** A letter's item: letters written before `recipient` and `staffNumber` were kept lack them. */
type LetterItem = Omit<Stored<Letter>, 'recipient' | 'staffNumber' | 'pdf'> & {
  recipient?: string;
  staffNumber?: string;
  pdf?: Uint8Array | ArrayLike<number>;
};

/** The account's pointer to its current request; `active` is false once the request ended. */
interface PointerItem {
  requestId: string;
  active: boolean;
}

type AuditItem = Stored<Omit<AuditRecord, 'requestId'>>;

const toItemValues = (fields: Partial<CodeRequest>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]));

const toRequest = (item: RequestItem): CodeRequest => {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g1,
    gsi1sk: _g2,
    decision: _d,
    decidedAt: _da,
    deliveredAt: _1,
    codeExpiresAt: _2,
    redeemedAt: _3,
    rcamAvailableAt: _4,
    myIntracommAvailableAt: _5,
    ...rest
  } = item;
  const request: CodeRequest = {
    ...rest,
    submittedAt: new Date(item.submittedAt),
    timeline: item.timeline.map((e) => ({ status: e.status, at: new Date(e.at) })),
  };
  // Absent instants stay absent (not `undefined`): a request reads back as it was written.
  for (const field of OPTIONAL_DATES) {
    const iso = item[field];
    if (iso) request[field] = new Date(iso);
  }
  return request;
};

const toLetter = (item: LetterItem): Letter => ({
  letterId: item.letterId,
  requestId: item.requestId,
  recipient: item.recipient ?? '',
  staffNumber: item.staffNumber ?? '',
  accountId: item.accountId,
  createdAt: new Date(item.createdAt),
  status: item.status,
  pdf: item.pdf === undefined ? undefined : item.pdf instanceof Uint8Array ? item.pdf : new Uint8Array(item.pdf),
  trackingNumber: item.trackingNumber,
  taskToken: item.taskToken,
});

/** RCAM requests, letters and audit records in the single table; lists come from the gsi1 index. */
export class DynamoRcamStore implements RcamStore {
  constructor(private readonly table: TableRef) {}

  async create(request: CodeRequest): Promise<'created' | 'request_active'> {
    return (await applied(
      this.table,
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table.tableName,
              Item: { ...pointerKey(request.accountId), requestId: request.requestId, active: true },
              ConditionExpression: 'attribute_not_exists(pk) OR active = :false',
              ExpressionAttributeValues: { ':false': false },
            },
          },
          {
            Put: {
              TableName: this.table.tableName,
              Item: {
                ...requestKey(request.requestId),
                ...toItemValues(request),
                timeline: request.timeline.map((e) => ({ status: e.status, at: e.at.toISOString() })),
                gsi1pk: PENDING_REVIEWS,
                gsi1sk: request.submittedAt.toISOString(),
              },
            },
          },
          {
            Put: {
              TableName: this.table.tableName,
              Item: { ...historyKey(request.accountId, request.requestId), requestId: request.requestId, submittedAt: request.submittedAt.toISOString() },
            },
          },
        ],
      }),
    ))
      ? 'created'
      : 'request_active';
  }

  async find(requestId: string): Promise<CodeRequest | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: requestKey(requestId), ConsistentRead: true }));
    return Item ? toRequest(Item as RequestItem) : undefined;
  }

  async currentOf(accountId: string): Promise<CodeRequest | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: pointerKey(accountId), ConsistentRead: true }));
    const pointer = Item as PointerItem | undefined;
    return pointer ? this.find(pointer.requestId) : undefined;
  }

  async requestsOf(accountId: string): Promise<CodeRequest[]> {
    const history = await queryAll<{ requestId: string }>(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
      ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':history': HISTORY_PREFIX },
      ProjectionExpression: 'requestId',
      ConsistentRead: true,
    });
    const ids = new Set(history.map((item) => item.requestId));
    // A request made before the history was kept is still named by the pointer.
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: pointerKey(accountId), ConsistentRead: true }));
    if (Item) ids.add((Item as PointerItem).requestId);
    const requests = await Promise.all([...ids].map((requestId) => this.find(requestId)));
    return requests
      .filter((request): request is CodeRequest => request !== undefined && request.accountId === accountId)
      .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
  }

  transition(requestId: string, status: RcamStatus, at: Date, from: readonly RcamStatus[], fields: Partial<CodeRequest> = {}): Promise<boolean> {
    const values = toItemValues(fields);
    const names: Record<string, string> = { '#status': 'status' };
    const assignments = Object.keys(values).map((key, i) => {
      names[`#f${i}`] = key;
      return `#f${i} = :f${i}`;
    });
    return applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: requestKey(requestId),
        UpdateExpression: `SET #status = :status, timeline = list_append(timeline, :entry)${assignments.map((a) => `, ${a}`).join('')}`,
        ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ':status': status,
          ':entry': [{ status, at: at.toISOString() }],
          ...Object.fromEntries(Object.values(values).map((value, i) => [`:f${i}`, value])),
          ...Object.fromEntries(from.map((value, i) => [`:from${i}`, value])),
        },
      }),
    );
  }

  async setTaskToken(requestId: string, taskToken: string): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: requestKey(requestId),
        UpdateExpression: 'SET taskToken = :t',
        ExpressionAttributeValues: { ':t': taskToken },
      }),
    );
  }

  recordDecision(requestId: string, decision: 'approve' | 'reject', at: Date): Promise<boolean> {
    return applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: requestKey(requestId),
        UpdateExpression: 'SET decision = :d, decidedAt = :at REMOVE gsi1pk, gsi1sk',
        ConditionExpression: '#status = :pending AND attribute_not_exists(decision)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':d': decision, ':at': at.toISOString(), ':pending': 'pending_review' },
      }),
    );
  }

  /** One gsi1 partition in sort-key order; `fields` limits what is read (a list needs no PDF). */
  private async queryIndex<Item>(partition: string, fields?: string[]): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: TABLE_KEY_SCHEMA.index,
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': partition },
          ...(fields && {
            ProjectionExpression: fields.map((_, i) => `#f${i}`).join(', '),
            ExpressionAttributeNames: Object.fromEntries(fields.map((f, i) => [`#f${i}`, f])),
          }),
          ExclusiveStartKey,
        }),
      );
      items.push(...((page.Items ?? []) as Item[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  async pendingReviews(): Promise<CodeRequest[]> {
    return (await this.queryIndex<RequestItem>(PENDING_REVIEWS)).map(toRequest).filter((request) => request.status === 'pending_review');
  }

  async release(accountId: string, requestId: string): Promise<void> {
    await applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: pointerKey(accountId),
        UpdateExpression: 'SET active = :false',
        ConditionExpression: 'requestId = :r',
        ExpressionAttributeValues: { ':false': false, ':r': requestId },
      }),
    );
  }

  async queueLetter(letter: Letter, codeHash: string): Promise<boolean> {
    return applied(
      this.table,
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table.tableName,
              Item: {
                ...letterKey(letter.letterId),
                letterId: letter.letterId,
                requestId: letter.requestId,
                recipient: letter.recipient,
                staffNumber: letter.staffNumber,
                accountId: letter.accountId,
                createdAt: letter.createdAt.toISOString(),
                status: letter.status,
                gsi1pk: lettersWith(letter.status),
                gsi1sk: letter.createdAt.toISOString(),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...(letter.pdf ? [{ Put: { TableName: this.table.tableName, Item: { ...pdfKey(letter.letterId), pdf: letter.pdf } } }] : []),
          {
            Update: {
              TableName: this.table.tableName,
              Key: requestKey(letter.requestId),
              UpdateExpression: 'SET #status = :queued, letterId = :letter, codeHash = :hash, timeline = list_append(timeline, :entry)',
              ConditionExpression: '#status = :pending AND attribute_not_exists(letterId)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':queued': 'letter_queued',
                ':pending': 'pending_review',
                ':letter': letter.letterId,
                ':hash': codeHash,
                ':entry': [{ status: 'letter_queued', at: letter.createdAt.toISOString() }],
              },
            },
          },
        ],
      }),
    );
  }

  async findLetter(letterId: string): Promise<Letter | undefined> {
    // Both items of the letter in one read (a letter written before they were apart has its PDF inside).
    const { Items = [] } = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': letterKey(letterId).pk },
        ConsistentRead: true,
      }),
    );
    const item = Items.find((candidate) => candidate.sk === 'LETTER') as LetterItem | undefined;
    const pdf = Items.find((candidate) => candidate.sk === 'PDF') as Pick<LetterItem, 'pdf'> | undefined;
    return item ? toLetter({ ...item, ...(pdf && { pdf: pdf.pdf }) }) : undefined;
  }

  async letters(status: Letter['status']): Promise<LetterSummary[]> {
    const items = await this.queryIndex<LetterItem>(lettersWith(status), [
      'letterId',
      'requestId',
      'recipient',
      'staffNumber',
      'accountId',
      'createdAt',
      'status',
      'trackingNumber',
      'taskToken',
    ]);
    return items
      .filter((item) => item.status === status)
      .map((item) => {
        const { pdf: _pdf, taskToken, ...summary } = toLetter(item);
        return { ...summary, awaitsDispatch: status === 'queued' && Boolean(taskToken) };
      });
  }

  async setLetterTaskToken(letterId: string, taskToken: string): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: letterKey(letterId),
        UpdateExpression: 'SET taskToken = :t',
        ExpressionAttributeValues: { ':t': taskToken },
      }),
    );
  }

  moveLetter(letterId: string, from: Letter['status'], to: Letter['status'], fields: { trackingNumber?: string } = {}): Promise<boolean> {
    const tracking = fields.trackingNumber ? ', trackingNumber = :tracking' : '';
    const move = {
      TableName: this.table.tableName,
      Key: letterKey(letterId),
      // (REMOVE pdf: a letter written before its PDF had an item of its own.)
      UpdateExpression: `SET #status = :to, gsi1pk = :list${tracking}${to === 'queued' ? '' : ' REMOVE pdf'}`,
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':to': to,
        ':from': from,
        ':list': lettersWith(to),
        ...(fields.trackingNumber ? { ':tracking': fields.trackingNumber } : {}),
      },
    };
    if (to === 'queued') return applied(this.table, new UpdateCommand(move));
    // Once in the post, the printable letter (it holds the code in clear) is no longer kept: both or neither.
    return applied(
      this.table,
      new TransactWriteCommand({ TransactItems: [{ Update: move }, { Delete: { TableName: this.table.tableName, Key: pdfKey(letterId) } }] }),
    );
  }

  async discardLetterPdf(letterId: string): Promise<boolean> {
    const { Attributes } = await this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key: pdfKey(letterId), ReturnValues: 'ALL_OLD' }));
    // A letter written before its PDF had an item of its own.
    const inside = await applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: letterKey(letterId),
        UpdateExpression: 'REMOVE pdf',
        ConditionExpression: 'attribute_exists(pdf)',
      }),
    );
    return Boolean(Attributes) || inside;
  }

  async audit(record: AuditRecord): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          pk: auditPartition(record.requestId),
          sk: `${record.at.toISOString()}#${randomUUID()}`,
          actor: record.actor,
          actorAccountId: record.actorAccountId,
          action: record.action,
          at: record.at.toISOString(),
          details: record.details,
        },
      }),
    );
  }

  async auditTrail(requestId: string): Promise<AuditRecord[]> {
    // The sort key starts with the ISO instant: ascending order is oldest first.
    const items = await queryAll<AuditItem>(this.table, {
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': auditPartition(requestId) },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      requestId,
      at: new Date(item.at),
      actor: item.actor,
      actorAccountId: item.actorAccountId,
      action: item.action,
      details: item.details,
    }));
  }
}
