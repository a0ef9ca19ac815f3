import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { EXPIRES_AT } from '../../shared/store/expiry.ts';
import { TABLE_KEYS } from '../../shared/store/keys.ts';

export interface ParcoursDataProps {
  /**
   * Whether CloudFormation refuses to delete the table: it holds every profile, consent and
   * send ledger, which no redeploy can bring back.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * How the table is encrypted at rest.
   * @default dynamodb.TableEncryption.AWS_MANAGED
   */
  readonly encryption?: dynamodb.TableEncryption;
}

/**
 * The one table (docs/data-model.md): string keys `pk`/`sk` as shared/store/dynamodb/table.ts declares them
 * for the local platform, on-demand capacity, point-in-time recovery, encryption at rest, and TTL
 * on `expiresAt` so events, waits and ledger records expire as the readers already assume.
 */
export class ParcoursData extends Construct {
  readonly table: dynamodb.ITable;

  constructor(scope: Construct, id: string, props: ParcoursDataProps = {}) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partition, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sort, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: props.encryption ?? dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: EXPIRES_AT,
      deletionProtection: props.deletionProtection ?? true,
      // Customer data outlives the stack: deleting the stack leaves the table to be removed by hand.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
