import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { FUNCTION_NAMES, type FunctionName } from '../../infra/constructs/function-catalogue.ts';
import { OUTCOME_PREFIXES, OUTCOME_STREAM_VARIABLE } from '../../infra/constructs/outcome-facts.ts';
import { FACTS_TABLE, OUTCOME_COLUMNS, PARTITION_COLUMN } from '../../shared/outcomes/outcome-fact.ts';
import { CONSOLE_COMMAND_ACTIONS } from '../helpers/console-aws-actions.ts';
import {
  asList,
  logicalIdOf,
  policyStatements,
  Reference,
  type Resource,
  resourceById,
  resourcesOf,
  type Statement,
  type Synthesized,
  synthesizeExamples,
} from './synth.ts';

let synth: Synthesized;

beforeAll(async () => {
  synth = await synthesizeExamples();
}, 60_000);
afterAll(async () => {
  await synth.cleanUp();
});

const WRITERS: readonly FunctionName[] = ['ingest', 'delivery-events', 'send', 'deliver', 'sweep'];

/** The only resource of a type in the template. */
function single(type: string): [string, Resource] {
  const found = [...resourcesOf(synth.template, type)];
  expect(
    found.map(([id]) => id),
    type,
  ).toHaveLength(1);
  const [first] = found;
  if (first === undefined) throw new Error(`no ${type}`);
  return first;
}

/** A resource as text, with Fn::Join flattened and references written `<id>`. */
function text(value: unknown): string {
  const join = z.object({ 'Fn::Join': z.tuple([z.string(), z.array(z.unknown())]) }).safeParse(value);
  if (join.success) return join.data['Fn::Join'][1].map(text).join(join.data['Fn::Join'][0]);
  if (typeof value === 'string') return value;
  const ref = Reference.safeParse(value);
  return ref.success ? `<${ref.data}>` : JSON.stringify(value);
}

function statementsOfPolicy(policy: string): Statement[] {
  return policyStatements(synth.template)
    .filter((entry) => entry.policy === policy)
    .map(({ statement }) => statement);
}

const Destination = z.object({
  ExtendedS3DestinationConfiguration: z.object({
    BucketARN: z.unknown(),
    RoleARN: z.unknown(),
    Prefix: z.string(),
    ErrorOutputPrefix: z.string(),
    BufferingHints: z.object({ SizeInMBs: z.number(), IntervalInSeconds: z.number() }),
    CompressionFormat: z.string(),
    DataFormatConversionConfiguration: z.object({
      Enabled: z.boolean(),
      InputFormatConfiguration: z.unknown(),
      OutputFormatConfiguration: z.unknown(),
      SchemaConfiguration: z.object({
        DatabaseName: z.string(),
        TableName: z.string(),
        RoleARN: z.unknown(),
        VersionId: z.string(),
      }),
    }),
    CloudWatchLoggingOptions: z.object({
      Enabled: z.boolean(),
      LogGroupName: z.unknown(),
      LogStreamName: z.unknown(),
    }),
  }),
});

describe('delivery stream', () => {
  it('takes direct puts, encrypted, and converts JSON to Parquet with the Glue table of the facts', () => {
    // Prepare
    const { stack } = synth;
    const [, stream] = single('AWS::KinesisFirehose::DeliveryStream');

    // Act
    const destination = Destination.parse(stream.Properties).ExtendedS3DestinationConfiguration;
    const conversion = destination.DataFormatConversionConfiguration;

    // Assess
    expect(stream.Properties.DeliveryStreamType).toBe('DirectPut');
    expect(stream.Properties.DeliveryStreamEncryptionConfigurationInput).toEqual({
      KeyType: 'AWS_OWNED_CMK',
    });
    expect(Reference.parse(destination.BucketARN)).toBe(logicalIdOf(stack.outcomes.bucket));
    expect(conversion.Enabled).toBe(true);
    expect(conversion.InputFormatConfiguration).toEqual({ Deserializer: { OpenXJsonSerDe: {} } });
    expect(conversion.OutputFormatConfiguration).toEqual({
      Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } },
    });
    expect(conversion.SchemaConfiguration).toEqual(
      expect.objectContaining({
        DatabaseName: stack.outcomes.databaseName,
        TableName: FACTS_TABLE,
        VersionId: 'LATEST',
      }),
    );
    expect(destination.CompressionFormat).toBe('UNCOMPRESSED');
  });

  it('writes one folder per UTC day, under the location the table projects, and failures apart', () => {
    const [, stream] = single('AWS::KinesisFirehose::DeliveryStream');
    const destination = Destination.parse(stream.Properties).ExtendedS3DestinationConfiguration;

    expect(destination.Prefix).toBe(`${OUTCOME_PREFIXES.facts}${PARTITION_COLUMN}=!{timestamp:yyyy-MM-dd}/`);
    expect(destination.ErrorOutputPrefix).toMatch(/^errors\/!\{firehose:error-output-type\}\//);
    expect(destination.ErrorOutputPrefix.startsWith(OUTCOME_PREFIXES.facts)).toBe(false);
  });

  it('buffers at least the 64 MiB format conversion requires, and logs delivery errors', () => {
    const { stack } = synth;
    const [, stream] = single('AWS::KinesisFirehose::DeliveryStream');
    const destination = Destination.parse(stream.Properties).ExtendedS3DestinationConfiguration;

    expect(destination.BufferingHints.SizeInMBs).toBeGreaterThanOrEqual(64);
    expect(destination.BufferingHints.IntervalInSeconds).toBeLessThanOrEqual(900);
    expect(destination.CloudWatchLoggingOptions.Enabled).toBe(true);
    expect(Reference.parse(destination.CloudWatchLoggingOptions.LogGroupName)).toBe(
      logicalIdOf(stack.outcomes.deliveryLogGroup),
    );
    expect(Reference.parse(destination.CloudWatchLoggingOptions.LogStreamName)).toBe(
      logicalIdOf(stack.outcomes.deliveryLogStream),
    );
  });
});

describe('bucket', () => {
  it('is encrypted, private, TLS only, and kept when the stack goes', () => {
    // Prepare
    const { stack, template } = synth;
    const id = logicalIdOf(stack.outcomes.bucket);

    // Act
    const bucket = resourceById(template, id);

    // Assess
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('expires facts after the configured days, results and errors sooner, and stale uploads', async () => {
    // Prepare
    const rulesOf = (s: Synthesized) =>
      z
        .object({
          LifecycleConfiguration: z.object({
            Rules: z.array(
              z.looseObject({
                Id: z.string(),
                Prefix: z.string().optional(),
                ExpirationInDays: z.number().optional(),
                AbortIncompleteMultipartUpload: z.object({ DaysAfterInitiation: z.number() }).optional(),
              }),
            ),
          }),
        })
        .parse(resourceById(s.template, logicalIdOf(s.stack.outcomes.bucket)).Properties)
        .LifecycleConfiguration.Rules;
    const shorter = await synthesizeExamples({ context: { 'parcours:outcomeRetentionDays': '400' } });

    try {
      // Act
      const rules = rulesOf(synth);
      const configured = rulesOf(shorter);
      const expiry = (list: typeof rules, prefix: string) =>
        list.find((rule) => rule.Prefix === prefix)?.ExpirationInDays;

      // Assess
      expect(expiry(rules, OUTCOME_PREFIXES.facts)).toBe(synth.deployment.config.outcomeRetentionDays);
      expect(synth.deployment.config.outcomeRetentionDays).toBe(1095);
      expect(expiry(configured, OUTCOME_PREFIXES.facts)).toBe(400);
      expect(expiry(rules, OUTCOME_PREFIXES.athenaResults)).toBe(7);
      expect(expiry(rules, OUTCOME_PREFIXES.errors)).toBeGreaterThan(0);
      expect(rules.some((rule) => rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation === 1)).toBe(true);
    } finally {
      await shorter.cleanUp();
    }
  });
});

const TableInput = z.object({
  Name: z.string(),
  TableType: z.string(),
  PartitionKeys: z.array(z.object({ Name: z.string(), Type: z.string() })),
  Parameters: z.record(z.string(), z.unknown()),
  StorageDescriptor: z.object({
    Location: z.unknown(),
    Columns: z.array(z.object({ Name: z.string(), Type: z.string() })),
    InputFormat: z.string(),
    OutputFormat: z.string(),
    SerdeInfo: z.object({ SerializationLibrary: z.string() }),
  }),
});

describe('Glue table', () => {
  it('declares every column of OUTCOME_COLUMNS, in order and type, stored as Parquet', () => {
    // Prepare
    const [, table] = single('AWS::Glue::Table');

    // Act
    const input = TableInput.parse(table.Properties.TableInput);

    // Assess
    expect(input.Name).toBe(FACTS_TABLE);
    expect(table.Properties.DatabaseName).toEqual({ Ref: logicalIdOf(synth.stack.outcomes.database) });
    expect(resourceById(synth.template, logicalIdOf(synth.stack.outcomes.database)).Properties).toEqual(
      expect.objectContaining({
        DatabaseInput: expect.objectContaining({ Name: synth.stack.outcomes.databaseName }),
      }),
    );
    expect(input.StorageDescriptor.Columns).toEqual(
      OUTCOME_COLUMNS.map(({ name, type }) => ({ Name: name, Type: type })),
    );
    expect(input.PartitionKeys).toEqual([{ Name: PARTITION_COLUMN, Type: 'string' }]);
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe(
      'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    );
    expect(input.StorageDescriptor.InputFormat).toMatch(/MapredParquetInputFormat$/);
    expect(input.StorageDescriptor.OutputFormat).toMatch(/MapredParquetOutputFormat$/);
  });

  it('projects one partition per day up to today, where the stream writes them', () => {
    // Prepare
    const bucket = logicalIdOf(synth.stack.outcomes.bucket);
    const [, table] = single('AWS::Glue::Table');

    // Act
    const { Parameters: parameters, StorageDescriptor: storage } = TableInput.parse(
      table.Properties.TableInput,
    );

    // Assess
    expect(parameters).toEqual(
      expect.objectContaining({
        'projection.enabled': 'true',
        [`projection.${PARTITION_COLUMN}.type`]: 'date',
        [`projection.${PARTITION_COLUMN}.format`]: 'yyyy-MM-dd',
        [`projection.${PARTITION_COLUMN}.interval`]: '1',
        [`projection.${PARTITION_COLUMN}.interval.unit`]: 'DAYS',
      }),
    );
    expect(parameters[`projection.${PARTITION_COLUMN}.range`]).toMatch(/^\d{4}-\d{2}-\d{2},NOW$/);
    expect(text(parameters['storage.location.template'])).toBe(
      `s3://<${bucket}>/${OUTCOME_PREFIXES.facts}${PARTITION_COLUMN}=\${${PARTITION_COLUMN}}/`,
    );
    expect(text(storage.Location)).toBe(`s3://<${bucket}>/${OUTCOME_PREFIXES.facts}`);
  });
});

describe('Athena workgroup', () => {
  it('enforces its settings: encrypted results in the bucket, a scan cutoff, the current engine', () => {
    // Prepare
    const bucket = logicalIdOf(synth.stack.outcomes.bucket);
    const [, workGroup] = single('AWS::Athena::WorkGroup');

    // Act
    const configuration = z
      .object({
        EnforceWorkGroupConfiguration: z.boolean(),
        BytesScannedCutoffPerQuery: z.number(),
        EngineVersion: z.object({ SelectedEngineVersion: z.string() }),
        ResultConfiguration: z.object({
          OutputLocation: z.unknown(),
          EncryptionConfiguration: z.object({ EncryptionOption: z.string() }),
        }),
      })
      .parse(workGroup.Properties.WorkGroupConfiguration);

    // Assess
    expect(workGroup.Properties.Name).toBe(synth.stack.outcomes.workGroupName);
    expect(configuration.EnforceWorkGroupConfiguration).toBe(true);
    expect(configuration.ResultConfiguration.EncryptionConfiguration.EncryptionOption).toBe('SSE_S3');
    expect(text(configuration.ResultConfiguration.OutputLocation)).toBe(
      `s3://<${bucket}>/${OUTCOME_PREFIXES.athenaResults}`,
    );
    expect(configuration.BytesScannedCutoffPerQuery).toBe(10 * 1024 ** 3);
    expect(configuration.EngineVersion.SelectedEngineVersion).toBe('AUTO');
  });
});

describe('writers', () => {
  const streamId = () => logicalIdOf(synth.stack.outcomes.deliveryStream);
  const defaultPolicyOf = (name: FunctionName) =>
    logicalIdOf(synth.stack.functions.get(name).role.node.findChild('DefaultPolicy'));
  const variablesOf = (name: FunctionName) =>
    z
      .object({ Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }) })
      .parse(resourceById(synth.template, logicalIdOf(synth.stack.functions.get(name).function)).Properties)
      .Environment.Variables;

  it('names the stream to ingest, delivery-events and send, and lets them PutRecordBatch to it only', () => {
    for (const name of WRITERS) {
      // Act
      const firehose = statementsOfPolicy(defaultPolicyOf(name)).filter((statement) =>
        asList(statement.Action).some((action) => action.startsWith('firehose:')),
      );

      // Assess
      expect(variablesOf(name)[OUTCOME_STREAM_VARIABLE], name).toEqual({ Ref: streamId() });
      expect(
        firehose.map((statement) => ({
          actions: asList(statement.Action),
          resources: asList(statement.Resource),
        })),
        name,
      ).toEqual([
        { actions: ['firehose:PutRecordBatch'], resources: [{ 'Fn::GetAtt': [streamId(), 'Arn'] }] },
      ]);
    }
  });

  it('gives no other function the stream or any Firehose action', () => {
    const others = FUNCTION_NAMES.filter((name) => !WRITERS.includes(name));
    expect(others.length).toBeGreaterThan(0);
    for (const name of others) {
      const actions = statementsOfPolicy(defaultPolicyOf(name)).flatMap((statement) =>
        asList(statement.Action),
      );
      expect(
        actions.filter((action) => action.startsWith('firehose:')),
        name,
      ).toEqual([]);
      expect(variablesOf(name)[OUTCOME_STREAM_VARIABLE], name).toBeUndefined();
    }
  });

  it('leaves Firehose actions to the writers in the whole template', () => {
    const writerPolicies = new Set(WRITERS.map(defaultPolicyOf));
    const holders = policyStatements(synth.template)
      .filter(({ statement }) => asList(statement.Action).some((action) => action.startsWith('firehose:')))
      .map(({ policy }) => policy);
    expect(new Set(holders)).toEqual(writerPolicies);
  });
});

describe('delivery role', () => {
  it('is the role the stream delivers and reads its schema with, assumable by Firehose of this account', () => {
    // Prepare
    const { stack } = synth;
    const role = logicalIdOf(stack.outcomes.deliveryRole);
    const [, stream] = single('AWS::KinesisFirehose::DeliveryStream');

    // Act
    const destination = Destination.parse(stream.Properties).ExtendedS3DestinationConfiguration;
    const trust = resourceById(synth.template, role).Properties.AssumeRolePolicyDocument;

    // Assess
    expect(Reference.parse(destination.RoleARN)).toBe(role);
    expect(Reference.parse(destination.DataFormatConversionConfiguration.SchemaConfiguration.RoleARN)).toBe(
      role,
    );
    expect(trust).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'firehose.amazonaws.com' },
          Condition: { StringEquals: { 'sts:ExternalId': stack.account } },
        },
      ],
    });
  });

  it('writes only under facts/ and errors/ of the bucket, reads only the table, logs to its stream', () => {
    // Prepare
    const { stack } = synth;
    const bucket = `<${logicalIdOf(stack.outcomes.bucket)}>`;
    const database = stack.outcomes.databaseName;
    const policy = logicalIdOf(stack.outcomes.deliveryRole.node.findChild('DefaultPolicy'));

    // Act
    const granted = statementsOfPolicy(policy).flatMap((statement) =>
      asList(statement.Action).flatMap((action) =>
        asList(statement.Resource).map((resource) => `${action} ${text(resource)}`),
      ),
    );

    // Assess
    const glue = (resource: string) =>
      ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'].map(
        (action) => `${action} arn:<AWS::Partition>:glue:eu-west-1:123456789012:${resource}`,
      );
    expect(new Set(granted)).toEqual(
      new Set([
        `s3:GetBucketLocation ${bucket}`,
        `s3:ListBucket ${bucket}`,
        `s3:ListBucketMultipartUploads ${bucket}`,
        `s3:PutObject ${bucket}/facts/*`,
        `s3:PutObject ${bucket}/errors/*`,
        `s3:AbortMultipartUpload ${bucket}/facts/*`,
        `s3:AbortMultipartUpload ${bucket}/errors/*`,
        ...glue('catalog'),
        ...glue(`database/${database}`),
        ...glue(`table/${database}/${FACTS_TABLE}`),
        `logs:PutLogEvents arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:<${logicalIdOf(stack.outcomes.deliveryLogGroup)}>:log-stream:<${logicalIdOf(stack.outcomes.deliveryLogStream)}>`,
      ]),
    );
  });
});

describe('report reader policy', () => {
  it('runs queries in the workgroup only and reads the facts, writing only query results', () => {
    // Prepare
    const { stack, template } = synth;
    const bucket = `<${logicalIdOf(stack.outcomes.bucket)}>`;
    const document = z
      .object({
        PolicyDocument: z.object({
          Statement: z.array(
            z.object({
              Effect: z.string(),
              Action: z.union([z.string(), z.array(z.string())]),
              Resource: z.union([z.unknown(), z.array(z.unknown())]),
            }),
          ),
        }),
      })
      .parse(resourceById(template, logicalIdOf(stack.outcomes.readerPolicy)).Properties);

    // Act
    const granted = document.PolicyDocument.Statement.flatMap((statement) =>
      asList(statement.Action).flatMap((action) =>
        asList(statement.Resource).map((resource) => `${action} ${text(resource)}`),
      ),
    );

    // Assess
    const workGroup = `arn:<AWS::Partition>:athena:eu-west-1:123456789012:workgroup/${stack.outcomes.workGroupName}`;
    expect(granted).toEqual(expect.arrayContaining([`athena:StartQueryExecution ${workGroup}`]));
    expect(
      granted.filter((entry) => entry.startsWith('athena:')).every((entry) => entry.endsWith(workGroup)),
    ).toBe(true);
    expect(granted.filter((entry) => entry.startsWith('s3:PutObject'))).toEqual([
      `s3:PutObject ${bucket}/athena-results/*`,
    ]);
    expect(granted).toContain(`s3:GetObject ${bucket}/facts/*`);
    expect(granted.some((entry) => /Delete|glue:(Create|Update|Delete)/.test(entry))).toBe(false);
    expect(document.PolicyDocument.Statement.every((statement) => statement.Effect === 'Allow')).toBe(true);
  });

  it('is an output of the stack, with the workgroup, database, table and bucket', () => {
    const { stack, template } = synth;
    const outputs = template.toJSON().Outputs;
    expect(outputs).toEqual(
      expect.objectContaining({
        OutcomesWorkGroup: { Value: { Ref: logicalIdOf(stack.outcomes.workGroup) } },
        OutcomesDatabase: { Value: { Ref: logicalIdOf(stack.outcomes.database) } },
        OutcomesTable: { Value: { Ref: logicalIdOf(stack.outcomes.table) } },
        OutcomesBucket: { Value: { Ref: logicalIdOf(stack.outcomes.bucket) } },
        OutcomesReaderPolicy: { Value: { Ref: logicalIdOf(stack.outcomes.readerPolicy) } },
      }),
    );
  });
});

describe('console reader policy', () => {
  const granted = () => {
    const { stack, template } = synth;
    const document = z
      .object({
        PolicyDocument: z.object({
          Statement: z.array(
            z.object({
              Effect: z.literal('Allow'),
              Action: z.union([z.string(), z.array(z.string())]),
              Resource: z.union([z.unknown(), z.array(z.unknown())]),
            }),
          ),
        }),
      })
      .parse(resourceById(template, logicalIdOf(stack.consoleReader.policy)).Properties);
    return document.PolicyDocument.Statement.flatMap((statement) =>
      asList(statement.Action).flatMap((action) =>
        asList(statement.Resource).map((resource) => `${action} ${text(resource)}`),
      ),
    );
  };

  it('grants every action the console sends, on the stack’s own resources', () => {
    const { stack } = synth;
    const entries = granted();
    const actions = new Set(entries.map((entry) => entry.split(' ')[0]));
    for (const action of Object.values(CONSOLE_COMMAND_ACTIONS)) expect(actions, action).toContain(action);
    const place = 'eu-west-1:123456789012';
    expect(entries).toEqual(
      expect.arrayContaining([
        `states:ListExecutions arn:<AWS::Partition>:states:${place}:stateMachine:Parcours-*`,
        `states:GetExecutionHistory arn:<AWS::Partition>:states:${place}:execution:Parcours-*:*`,
        `logs:StartQuery arn:<AWS::Partition>:logs:${place}:log-group:/aws/vendedlogs/states/Parcours-*`,
        `dynamodb:Query <${logicalIdOf(stack.data.table)}>`,
        `cloudformation:DescribeStacks arn:<AWS::Partition>:cloudformation:${place}:stack/Parcours/*`,
        `athena:StartQueryExecution arn:<AWS::Partition>:athena:${place}:workgroup/${stack.outcomes.workGroupName}`,
      ]),
    );
    // Only reading a query's results, which takes a query id no ARN names, is on every resource.
    expect(entries.filter((entry) => entry.endsWith(' *'))).toEqual(['logs:GetQueryResults *']);
  });

  it('changes nothing: every action reads or runs a query, but stopping a query in the workgroup and writing its results', () => {
    const writes = granted().filter((entry) => !/^\w+:(Get|List|Describe|Query|Scan|StartQuery)/.test(entry));
    expect(writes.map((entry) => entry.split(' ')[0]).sort()).toEqual([
      'athena:StopQueryExecution',
      's3:AbortMultipartUpload',
      's3:PutObject',
    ]);
    expect(granted().filter((entry) => entry.startsWith('s3:PutObject'))).toEqual([
      `s3:PutObject <${logicalIdOf(synth.stack.outcomes.bucket)}>/athena-results/*`,
    ]);
  });

  it('is an output of the stack', () => {
    expect(synth.template.toJSON().Outputs).toEqual(
      expect.objectContaining({
        ConsoleReaderPolicy: { Value: { Ref: logicalIdOf(synth.stack.consoleReader.policy) } },
      }),
    );
  });
});
