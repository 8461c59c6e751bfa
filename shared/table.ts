/**
 * The single table's shape, the same wherever it is made: by CDK (infra/constructs/data.ts) and by
 * DynamoDB Local (local/dynamodb.ts). The adapters query its one index by this name.
 */
export const TABLE_KEY_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'ttl',
  /** The PMO console's lists: pending reviews, letters by status. */
  index: 'gsi1',
  indexPartitionKey: 'gsi1pk',
  indexSortKey: 'gsi1sk',
} as const;

/** The table's name on this machine (`npm start`, `npm run admin`); deployed, CDK names it and passes TABLE_NAME. */
export const LOCAL_TABLE_NAME = 'passerelle';
