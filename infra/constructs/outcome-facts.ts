import { ArnFormat, Duration, RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  FACTS_TABLE,
  OUTCOME_COLUMNS,
  outcomeResourceNames,
  PARTITION_COLUMN,
} from '../../shared/outcomes/outcome-fact.ts';
import { privateBucketProps } from './private-bucket.ts';

/** The bucket's folders: each has its own lifecycle and its own readers and writers. */
export const OUTCOME_PREFIXES = {
  facts: 'facts/',
  errors: 'errors/',
  athenaResults: 'athena-results/',
} as const;

/** What a reader of the outcomes gets: the facts, and the results of its own queries. */
const READABLE_PREFIXES = [OUTCOME_PREFIXES.facts, OUTCOME_PREFIXES.athenaResults] as const;

/** The variable that names the delivery stream to the functions that write facts. */
export const OUTCOME_STREAM_VARIABLE = 'OUTCOME_STREAM';

/** Firehose's arrival day in UTC, the very format the partition projection declares. */
const DAY_FORMAT = 'yyyy-MM-dd';

export interface OutcomeFactsProps {
  /** Prefix of the names of the delivery stream, the workgroup and the Glue database. */
  readonly namePrefix: string;
  /**
   * How long facts are kept before S3 expires them.
   * @default 1095 (three years)
   */
  readonly retentionDays?: number;
  /**
   * How long query results stay in `athena-results/`: they are copies, re-run on demand.
   * @default 7
   */
  readonly queryResultRetentionDays?: number;
  /**
   * How long records that Firehose could not convert stay in `errors/`, to be inspected.
   * @default 90
   */
  readonly errorRetentionDays?: number;
  /**
   * The first day Athena projects a partition for. Facts before it are not queried.
   * @default '2026-01-01'
   */
  readonly firstDay?: string;
  /**
   * The most one query may scan before Athena cancels it: the cost ceiling of a runaway query.
   * @default Size.gibibytes(10)
   */
  readonly bytesScannedCutoffPerQuery?: Size;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The AWS side of the outcome facts (shared/outcomes/outcome-fact.ts): a Firehose delivery stream
 * that the writing functions put JSON facts to, converting them to Parquet with the Glue table's
 * schema into `facts/dt=<day>/` of an S3 bucket; the Glue table Athena reads, its days found by
 * partition projection (no crawler, no partition to add); an Athena workgroup that enforces its
 * result location, encryption and scan limit; and the `ReportReader` managed policy for the people
 * who run the reports.
 *
 * The bucket uses S3-managed keys (SSE-S3): Firehose, Athena and every reader then need no KMS
 * grant, and the facts hold pseudonymous ids and outcomes, not contact details, which stay in the
 * table. It has no versioning: Firehose writes each object once under a key of its own and never
 * overwrites it, and the only deletions are the lifecycle's, which versioning would merely delay.
 */
export class OutcomeFacts extends Construct {
  readonly bucket: s3.Bucket;
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly deliveryRole: iam.Role;
  readonly deliveryLogGroup: logs.LogGroup;
  readonly deliveryLogStream: logs.LogStream;
  readonly workGroup: athena.CfnWorkGroup;
  /**
   * What a person or role running the outcome reports needs, and nothing else: start, follow,
   * read and stop queries in this workgroup only; read this database and table; read the facts;
   * write and read query results under `athena-results/`. Attach it to a marketer's role or an
   * analyst's SSO permission set; the workgroup's enforced settings keep their results encrypted,
   * in this bucket, and their scans under the cutoff.
   */
  readonly readerPolicy: iam.ManagedPolicy;
  readonly databaseName: string;
  readonly workGroupName: string;

  constructor(scope: Construct, id: string, props: OutcomeFactsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const names = outcomeResourceNames(props.namePrefix);
    this.databaseName = names.database;
    this.workGroupName = names.workGroup;

    // The measurement of every campaign outlives the stack, as the table does.
    this.bucket = new s3.Bucket(
      this,
      'Bucket',
      privateBucketProps([
        {
          id: 'facts',
          prefix: OUTCOME_PREFIXES.facts,
          expiration: Duration.days(props.retentionDays ?? 1095),
        },
        {
          id: 'errors',
          prefix: OUTCOME_PREFIXES.errors,
          expiration: Duration.days(props.errorRetentionDays ?? 90),
        },
        {
          id: 'athena-results',
          prefix: OUTCOME_PREFIXES.athenaResults,
          expiration: Duration.days(props.queryResultRetentionDays ?? 7),
        },
      ]),
    );
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The stack has no access-log bucket. Only the delivery stream writes here and only the workgroup reads, both through IAM roles whose calls CloudTrail records; the log bucket would itself need this same finding acknowledged.',
    });

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: {
        name: this.databaseName,
        description: 'Parcours outcome facts: entries, splits, messages, deliveries, conversions',
      },
    });
    this.table = this.createTable(props.firstDay ?? '2026-01-01');

    this.deliveryLogGroup = new logs.LogGroup(this, 'DeliveryLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.deliveryLogStream = new logs.LogStream(this, 'DeliveryErrors', {
      logGroup: this.deliveryLogGroup,
      logStreamName: 'S3Delivery',
    });
    this.deliveryRole = this.createDeliveryRole(this.deliveryLogStream.logStreamName);
    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'Stream', {
      deliveryStreamName: names.stream,
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
      extendedS3DestinationConfiguration: {
        bucketArn: this.bucket.bucketArn,
        roleArn: this.deliveryRole.roleArn,
        prefix: `${OUTCOME_PREFIXES.facts}${PARTITION_COLUMN}=!{timestamp:${DAY_FORMAT}}/`,
        errorOutputPrefix: `${OUTCOME_PREFIXES.errors}!{firehose:error-output-type}/${PARTITION_COLUMN}=!{timestamp:${DAY_FORMAT}}/`,
        // 64 MiB is the least Firehose accepts with format conversion; larger files read faster.
        bufferingHints: { sizeInMBs: 64, intervalInSeconds: 300 },
        // The Parquet serializer compresses; Firehose refuses another compression on top of it.
        compressionFormat: 'UNCOMPRESSED',
        dataFormatConversionConfiguration: {
          enabled: true,
          inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
          outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
          schemaConfiguration: {
            catalogId: stack.account,
            region: stack.region,
            databaseName: this.databaseName,
            tableName: FACTS_TABLE,
            roleArn: this.deliveryRole.roleArn,
            versionId: 'LATEST',
          },
        },
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: this.deliveryLogGroup.logGroupName,
          logStreamName: this.deliveryLogStream.logStreamName,
        },
      },
    });
    // Firehose assumes its role when the stream is created, so the role's policy must exist by
    // then; the table is the schema it converts with from the first record.
    this.deliveryStream.node.addDependency(this.deliveryRole, this.table);

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: 'Parcours outcome reports',
      state: 'ENABLED',
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: (props.bytesScannedCutoffPerQuery ?? Size.gibibytes(10)).toBytes(),
        engineVersion: { selectedEngineVersion: 'AUTO' },
        resultConfiguration: {
          outputLocation: this.bucket.s3UrlForObject(OUTCOME_PREFIXES.athenaResults),
          expectedBucketOwner: stack.account,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
    this.readerPolicy = this.createReaderPolicy();
  }

  /**
   * Sets OUTCOME_STREAM and grants firehose:PutRecordBatch on this stream only. The writers send
   * their facts as one batch (OutcomeSink.append takes a list), and PutRecordBatch takes a batch of
   * one as well, so PutRecord is not granted.
   */
  bindWriter(fn: lambda.Function): void {
    fn.addEnvironment(OUTCOME_STREAM_VARIABLE, this.deliveryStream.ref);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['firehose:PutRecordBatch'],
        resources: [this.deliveryStream.attrArn],
      }),
    );
  }

  private createTable(firstDay: string): glue.CfnTable {
    // Athena rejects the table at query time, not CloudFormation at deploy, on a malformed range.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(firstDay)) {
      throw new Error(`firstDay must be a day written ${DAY_FORMAT}, got "${firstDay}"`);
    }
    const location = this.bucket.s3UrlForObject(OUTCOME_PREFIXES.facts);
    return new glue.CfnTable(this, 'Table', {
      catalogId: Stack.of(this).account,
      // The reference, not the name alone, so CloudFormation creates the database first.
      databaseName: this.database.ref,
      tableInput: {
        name: FACTS_TABLE,
        description: 'One row per outcome fact; read with SELECT DISTINCT (delivery is at least once)',
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: PARTITION_COLUMN, type: 'string' }],
        parameters: {
          classification: 'parquet',
          // Athena computes the days from these instead of reading partitions from the catalog,
          // so a new day is queryable the moment Firehose writes it.
          'projection.enabled': 'true',
          [`projection.${PARTITION_COLUMN}.type`]: 'date',
          [`projection.${PARTITION_COLUMN}.format`]: DAY_FORMAT,
          [`projection.${PARTITION_COLUMN}.range`]: `${firstDay},NOW`,
          [`projection.${PARTITION_COLUMN}.interval`]: '1',
          [`projection.${PARTITION_COLUMN}.interval.unit`]: 'DAYS',
          'storage.location.template': `${location}${PARTITION_COLUMN}=\${${PARTITION_COLUMN}}/`,
        },
        storageDescriptor: {
          location,
          columns: OUTCOME_COLUMNS.map(({ name, type }) => ({ name, type })),
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: {
            serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
            parameters: { 'serialization.format': '1' },
          },
        },
      },
    });
  }

  /** The catalog, database and table ARNs that Glue authorizes a table read on. */
  private glueArns(): string[] {
    const stack = Stack.of(this);
    return [
      stack.formatArn({ service: 'glue', resource: 'catalog' }),
      stack.formatArn({ service: 'glue', resource: 'database', resourceName: this.databaseName }),
      stack.formatArn({
        service: 'glue',
        resource: 'table',
        resourceName: `${this.databaseName}/${FACTS_TABLE}`,
      }),
    ];
  }

  /**
   * The role Firehose delivers with: write objects under `facts/` and `errors/` only, read the
   * table's schema, log delivery errors to its own stream. Unlike the L2 S3 destination, which
   * grants read-write on the whole bucket and glue:GetSchemaVersion on "*", it can neither read
   * nor delete a fact.
   */
  private createDeliveryRole(logStreamName: string): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'DeliveryRole', {
      description: 'Parcours outcome facts delivery stream',
      // Firehose passes the account as external id: no other account's stream can use this role.
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', {
        conditions: { StringEquals: { 'sts:ExternalId': stack.account } },
      }),
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [this.bucket.bucketArn],
      }),
    );
    const written = [OUTCOME_PREFIXES.facts, OUTCOME_PREFIXES.errors];
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: written.map((prefix) => this.bucket.arnForObjects(`${prefix}*`)),
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
        resources: this.glueArns(),
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:PutLogEvents'],
        resources: [
          stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: `${this.deliveryLogGroup.logGroupName}:log-stream:${logStreamName}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    Validations.of(role).acknowledge(
      ...written.map((prefix) => ({
        id: `AwsSolutions-IAM5[Resource::<${this.bucketLogicalId()}.Arn>/${prefix}*]`,
        reason: `Firehose names each object it writes under ${prefix} itself (day, stream, time, random suffix), so only the prefix can be granted; the actions are s3:PutObject and s3:AbortMultipartUpload, with no read or delete.`,
      })),
    );
    return role;
  }

  private createReaderPolicy(): iam.ManagedPolicy {
    const policy = new iam.ManagedPolicy(this, 'ReportReader', {
      description: `Parcours: run the outcome reports in the ${this.workGroupName} Athena workgroup`,
      statements: this.readerStatements(),
    });
    this.acknowledgeReader(policy);
    return policy;
  }

  /** What running the outcome SQL in the workgroup takes: the ReportReader's statements, and the console's. */
  readerStatements(): iam.PolicyStatement[] {
    const stack = Stack.of(this);
    return [
      new iam.PolicyStatement({
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
        ],
        resources: [
          stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName }),
        ],
      }),
      new iam.PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable'],
        resources: this.glueArns(),
      }),
      new iam.PolicyStatement({
        actions: ['s3:GetBucketLocation'],
        resources: [this.bucket.bucketArn],
      }),
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': READABLE_PREFIXES.map((prefix) => `${prefix}*`) } },
      }),
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: READABLE_PREFIXES.map((prefix) => this.bucket.arnForObjects(`${prefix}*`)),
      }),
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [this.bucket.arnForObjects(`${OUTCOME_PREFIXES.athenaResults}*`)],
      }),
    ];
  }

  /** Why each wildcard of the reader's statements is as narrow as it can be, for cdk-nag. */
  acknowledgeReader(policy: iam.ManagedPolicy): void {
    const reasons = {
      [OUTCOME_PREFIXES.facts]:
        'Athena reads the Parquet files Firehose named under facts/ with the caller’s own permissions, so the reader may get any object under that prefix, and only get it.',
      [OUTCOME_PREFIXES.athenaResults]:
        'Athena writes each query’s results under athena-results/ with the caller’s permissions, in files named by query id, then reads them back: only that prefix is granted.',
    } as const satisfies Record<(typeof READABLE_PREFIXES)[number], string>;
    Validations.of(policy).acknowledge(
      ...READABLE_PREFIXES.map((prefix) => ({
        id: `AwsSolutions-IAM5[Resource::<${this.bucketLogicalId()}.Arn>/${prefix}*]`,
        reason: reasons[prefix],
      })),
    );
  }

  /** The bucket's id as cdk-nag prints it in a finding, `<id.Arn>`. */
  private bucketLogicalId(): string {
    const resource = this.bucket.node.defaultChild;
    if (!(resource instanceof s3.CfnBucket)) throw new Error('the outcome bucket has no CfnBucket');
    return Stack.of(this).getLogicalId(resource);
  }
}
