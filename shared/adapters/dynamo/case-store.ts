import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseState, CaseStore, StuckCase } from '#domain/cases-ports';
import { TABLE_KEY_SCHEMA } from '#shared/table';
import { applied, type Stored, type TableRef, queryAll } from './client';

const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' });
/** The index partition of the cases in a state: the "to handle" list is one query. */
const casesIn = (state: CaseState) => `CASES#${state}`;

type CaseItem = Stored<StuckCase> & { pk?: string; sk?: string; gsi1pk?: string; gsi1sk?: string };

const toCase = (item: CaseItem): StuckCase => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, stoppedAt, recordedAt, handledAt, ...rest } = item;
  return {
    ...rest,
    stoppedAt: new Date(stoppedAt),
    recordedAt: new Date(recordedAt),
    ...(handledAt && { handledAt: new Date(handledAt) }),
  };
};

/** Stuck workflow executions, one item each, listed by state through the table's index. Kept: they are the operations' record. */
export class DynamoCaseStore implements CaseStore {
  constructor(private readonly table: TableRef) {}

  async record(stuck: StuckCase): Promise<boolean> {
    return applied(
      this.table,
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...caseKey(stuck.caseId),
          ...stuck,
          stoppedAt: stuck.stoppedAt.toISOString(),
          recordedAt: stuck.recordedAt.toISOString(),
          handledAt: stuck.handledAt?.toISOString(),
          gsi1pk: casesIn(stuck.state),
          gsi1sk: `${stuck.stoppedAt.toISOString()}#${stuck.caseId}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async find(caseId: string): Promise<StuckCase | undefined> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: caseKey(caseId), ConsistentRead: true }));
    return Item && toCase(Item as CaseItem);
  }

  async list(state: CaseState): Promise<StuckCase[]> {
    const items = await queryAll<CaseItem>(this.table, {
      IndexName: TABLE_KEY_SCHEMA.index,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': casesIn(state) },
    });
    // The index is eventually consistent: an item it still lists under a state it left is dropped.
    return items.map(toCase).filter((stuck) => stuck.state === state);
  }

  async handle(caseId: string, state: Exclude<CaseState, 'open'>, by: string, at: Date, retryExecutionName?: string): Promise<boolean> {
    return applied(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: caseKey(caseId),
        UpdateExpression: `SET #state = :state, handledBy = :by, handledAt = :at, gsi1pk = :list${retryExecutionName ? ', retryExecutionName = :retry' : ''}`,
        ConditionExpression: '#state = :open',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':state': state,
          ':by': by,
          ':at': at.toISOString(),
          ':list': casesIn(state),
          ':open': 'open',
          ...(retryExecutionName && { ':retry': retryExecutionName }),
        },
      }),
    );
  }
}
