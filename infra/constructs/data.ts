import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_KEY_SCHEMA } from '../../shared/table';
import { restrictGrantsToAwsServices } from './encryption';

/** The single table. Everything that expires carries a `ttl` (epoch seconds); reads check expiry themselves. */
export class Data extends Construct {
  readonly table: TableV2;
  /** Seals authenticator apps' secrets (shared/adapters/kms-secret-sealer.ts): only functions declaring `sealsFactorSecrets` may use it. */
  readonly factorKey: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.factorKey = new Key(this, 'FactorKey', {
      description: 'Passerelle: seals authenticator-app (TOTP) secrets',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictGrantsToAwsServices(this.factorKey);
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE_KEY_SCHEMA.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEY_SCHEMA.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: TABLE_KEY_SCHEMA.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.awsManagedKey(),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Lists for the PMO console: pending reviews, letters by status.
      globalSecondaryIndexes: [
        {
          indexName: TABLE_KEY_SCHEMA.index,
          partitionKey: { name: TABLE_KEY_SCHEMA.indexPartitionKey, type: AttributeType.STRING },
          sortKey: { name: TABLE_KEY_SCHEMA.indexSortKey, type: AttributeType.STRING },
        },
      ],
    });
  }
}
