import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** The single table. Everything that expires carries a `ttl` (epoch seconds); reads check expiry themselves. */
export class Data extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: 'ttl',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.awsManagedKey(),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Lists for the PMO console: pending reviews, letters by status.
      globalSecondaryIndexes: [
        { indexName: TABLE_KEY_SCHEMA.index, partitionKey: { name: 'gsi1pk', type: AttributeType.STRING }, sortKey: { name: 'gsi1sk', type: AttributeType.STRING } },
      ],
    });
  }
}

/** The table's key schema, shared with the local runtime so both create the same table. */
export const TABLE_KEY_SCHEMA = { partitionKey: 'pk', sortKey: 'sk', ttlAttribute: 'ttl', index: 'gsi1' } as const;
