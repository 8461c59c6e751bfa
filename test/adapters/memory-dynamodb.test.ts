import {
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { localDynamoDbClient, routeLocalDynamoDb } from '#adapters/dynamo/client';
import { ensureTable } from '../../local/dynamodb';
import { memoryTransport, MEMORY_ENDPOINT_PREFIX } from '../../local/memory-dynamodb';

/**
 * The fast lane's in-memory DynamoDB (local/memory-dynamodb.ts) answers as DynamoDB Local does:
 * the same calls, sent to both, give the same items, the same errors and the same cancellation
 * reasons. Only `npm test` runs this, with DynamoDB Local.
 */
const s = (value: string): AttributeValue => ({ S: value });
const n = (value: number): AttributeValue => ({ N: String(value) });

type Call = (client: DynamoDBClient, table: string) => Promise<unknown>;

/** What a call gave, without what differs by nature (request ids, messages' wording). */
const outcome = async (call: Call, client: DynamoDBClient, table: string): Promise<unknown> => {
  try {
    const { $metadata, ...output } = (await call(client, table)) as Record<string, unknown> & { $metadata: unknown };
    void $metadata;
    return { output };
  } catch (error) {
    const { name, Item, CancellationReasons } = error as { name: string; Item?: unknown; CancellationReasons?: Array<{ Code?: string; Item?: unknown }> };
    return { error: name, Item, reasons: CancellationReasons?.map((reason) => [reason.Code, reason.Item]) };
  }
};

const CALLS: Record<string, Call> = {
  'a put': (c, t) => c.send(new PutItemCommand({ TableName: t, Item: { pk: s('A'), sk: s('x'), n: n(1), m: { M: { a: s('b') } }, l: { L: [n(1)] } } })),
  'a put where the item exists, returning it': (c, t) =>
    c.send(
      new PutItemCommand({
        TableName: t,
        Item: { pk: s('A'), sk: s('x') },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    ),
  'ADD and SET, all new': (c, t) =>
    c.send(
      new UpdateItemCommand({
        TableName: t,
        Key: { pk: s('A'), sk: s('x') },
        UpdateExpression: 'SET #s = :s ADD n :one',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': s('open'), ':one': n(1) },
        ReturnValues: 'ALL_NEW',
      }),
    ),
  'a nested SET and a REMOVE, updated new': (c, t) =>
    c.send(
      new UpdateItemCommand({
        TableName: t,
        Key: { pk: s('A'), sk: s('x') },
        UpdateExpression: 'SET m.#k = :v REMOVE l',
        ExpressionAttributeNames: { '#k': 'key' },
        ExpressionAttributeValues: { ':v': s('value') },
        ReturnValues: 'UPDATED_NEW',
      }),
    ),
  'list_append of if_not_exists, and arithmetic': (c, t) =>
    c.send(
      new UpdateItemCommand({
        TableName: t,
        Key: { pk: s('A'), sk: s('x') },
        UpdateExpression: 'SET #roles = list_append(if_not_exists(#roles, :empty), :role), n = n + :two',
        ExpressionAttributeNames: { '#roles': 'roles' },
        ExpressionAttributeValues: { ':empty': { L: [] }, ':role': { L: [s('pmo')] }, ':two': n(2) },
        ReturnValues: 'ALL_NEW',
      }),
    ),
  'a SET below a map that is not there': (c, t) =>
    c.send(
      new UpdateItemCommand({
        TableName: t,
        Key: { pk: s('A'), sk: s('x') },
        UpdateExpression: 'SET m.deep.x = :v',
        ExpressionAttributeValues: { ':v': s('v') },
      }),
    ),
  'a value that no expression uses': (c, t) =>
    c.send(
      new UpdateItemCommand({
        TableName: t,
        Key: { pk: s('A'), sk: s('x') },
        UpdateExpression: 'SET v = :v',
        ExpressionAttributeValues: { ':v': s('v'), ':unused': s('u') },
      }),
    ),
  'a SET of a key attribute': (c, t) =>
    c.send(
      new UpdateItemCommand({ TableName: t, Key: { pk: s('A'), sk: s('x') }, UpdateExpression: 'SET sk = :v', ExpressionAttributeValues: { ':v': s('y') } }),
    ),
  'conditions that hold: IN, BETWEEN, NOT, begins_with, size, nested attribute_exists': (c, t) =>
    c.send(
      new UpdateItemCommand({
        TableName: t,
        Key: { pk: s('A'), sk: s('x') },
        UpdateExpression: 'SET seen = :yes',
        ConditionExpression:
          '#s IN (:a, :b) AND n BETWEEN :lo AND :hi AND NOT attribute_exists(zzz) AND begins_with(sk, :x) AND size(#roles) > :zero ' +
          'AND attribute_exists(m.#k) AND (n < :lo OR n >= :four)',
        ExpressionAttributeNames: { '#s': 'status', '#k': 'key', '#roles': 'roles' },
        ExpressionAttributeValues: {
          ':a': s('closed'),
          ':b': s('open'),
          ':lo': n(1),
          ':hi': n(10),
          ':x': s('x'),
          ':zero': n(0),
          ':four': n(4),
          ':yes': { BOOL: true },
        },
        ReturnValues: 'UPDATED_OLD',
      }),
    ),
  'a condition that fails on a number': (c, t) =>
    c.send(
      new UpdateItemCommand({
        TableName: t,
        Key: { pk: s('A'), sk: s('x') },
        UpdateExpression: 'ADD n :one',
        ConditionExpression: 'n < :max',
        ExpressionAttributeValues: { ':one': n(1), ':max': n(4) },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    ),
  'an update of an item that is not there, on condition': (c, t) =>
    c.send(
      new UpdateItemCommand({
        TableName: t,
        Key: { pk: s('none'), sk: s('x') },
        UpdateExpression: 'SET v = :v',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':v': n(1) },
      }),
    ),
  'an update that makes the item': (c, t) =>
    c.send(
      new UpdateItemCommand({
        TableName: t,
        Key: { pk: s('made'), sk: s('x') },
        UpdateExpression: 'ADD events :one SET #ttl = if_not_exists(#ttl, :ttl)',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': n(1), ':ttl': n(1700000000) },
        ReturnValues: 'ALL_NEW',
      }),
    ),
  'items for queries': async (c, t) => {
    for (const [sk, gsi] of [
      ['s1', 'c'],
      ['s2', 'a'],
      ['s3', 'b'],
      ['t1', 'a'],
      ['s4', 'd'],
    ])
      await c.send(new PutItemCommand({ TableName: t, Item: { pk: s('B'), sk: s(sk), gsi1pk: s('G'), gsi1sk: s(gsi), v: n(sk.length) } }));
    return {};
  },
  'a query in pages of two': async (c, t) => {
    const pages: unknown[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await c.send(
        new QueryCommand({
          TableName: t,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':pk': s('B'), ':s': s('s') },
          Limit: 2,
          ExclusiveStartKey: start,
        }),
      );
      pages.push(page.Items?.map((item) => item.sk?.S));
      start = page.LastEvaluatedKey;
    } while (start && pages.length < 10);
    return { pages };
  },
  'a query backwards, filtered and projected': (c, t) =>
    c.send(
      new QueryCommand({
        TableName: t,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'gsi1sk <> :d',
        ProjectionExpression: 'sk, gsi1sk',
        ExpressionAttributeValues: { ':pk': s('B'), ':d': s('d') },
        ScanIndexForward: false,
      }),
    ),
  'a query of the index': (c, t) =>
    c
      .send(
        new QueryCommand({
          TableName: t,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :g AND gsi1sk BETWEEN :a AND :c',
          ExpressionAttributeValues: { ':g': s('G'), ':a': s('a'), ':c': s('c') },
        }),
      )
      .then(({ Items, Count }) => ({ Count, sks: Items?.map((item) => [item.gsi1sk?.S, item.sk?.S]) })),
  'a transaction whose check fails writes nothing': async (c, t) => {
    const cancelled = await outcome(
      () =>
        c.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: t, Item: { pk: s('C'), sk: s('x') }, ConditionExpression: 'attribute_not_exists(pk)' } },
              {
                ConditionCheck: {
                  TableName: t,
                  Key: { pk: s('A'), sk: s('x') },
                  ConditionExpression: '#s = :closed',
                  ExpressionAttributeNames: { '#s': 'status' },
                  ExpressionAttributeValues: { ':closed': s('closed') },
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
            ],
          }),
        ),
      c,
      t,
    );
    const written = await c.send(new GetItemCommand({ TableName: t, Key: { pk: s('C'), sk: s('x') }, ConsistentRead: true }));
    return { cancelled, written: written.Item ?? null };
  },
  'a transaction that holds': (c, t) =>
    c.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Update: { TableName: t, Key: { pk: s('B'), sk: s('s1') }, UpdateExpression: 'REMOVE gsi1pk, gsi1sk' } },
          { Delete: { TableName: t, Key: { pk: s('B'), sk: s('t1') }, ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    ),
  'the index after the transaction': (c, t) =>
    c
      .send(new QueryCommand({ TableName: t, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :g', ExpressionAttributeValues: { ':g': s('G') } }))
      .then(({ Items }) => Items?.map((item) => item.sk?.S)),
  'a delete returning the old item': (c, t) => c.send(new DeleteItemCommand({ TableName: t, Key: { pk: s('A'), sk: s('x') }, ReturnValues: 'ALL_OLD' })),
  'a get of nothing': (c, t) => c.send(new GetItemCommand({ TableName: t, Key: { pk: s('A'), sk: s('x') }, ConsistentRead: true })),
  'an empty sort key': (c, t) => c.send(new PutItemCommand({ TableName: t, Item: { pk: s('A'), sk: s('') } })),
  'a table that is not there': (c) => c.send(new DescribeTableCommand({ TableName: `missing-${randomUUID()}` })),
};

describe('the in-memory DynamoDB of the fast lane', () => {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT!;
  const memory = `${MEMORY_ENDPOINT_PREFIX}conformance`;
  beforeAll(() => routeLocalDynamoDb(memoryTransport));
  afterAll(() => routeLocalDynamoDb(undefined));

  it('answers every call as DynamoDB Local does', async () => {
    expect(endpoint.startsWith(MEMORY_ENDPOINT_PREFIX)).toBe(false);
    const table = `conformance-${randomUUID()}`;
    await Promise.all([ensureTable(endpoint, table), ensureTable(memory, table)]);
    const local = localDynamoDbClient(endpoint);
    const inMemory = localDynamoDbClient(memory);
    try {
      for (const [name, call] of Object.entries(CALLS)) {
        const expected = await outcome(call, local, table);
        expect({ [name]: await outcome(call, inMemory, table) }).toEqual({ [name]: expected });
      }
    } finally {
      local.destroy();
      inMemory.destroy();
    }
  });
});
