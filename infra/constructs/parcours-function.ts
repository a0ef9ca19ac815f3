import { join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTION_HANDLER, functionCode } from '../bundle/function-bundle.ts';
import { RUNTIME_BUNDLE_FILE, RUNTIME_BUNDLE_PATH_IN_LAMBDA } from '../bundle/runtime-bundle-file.ts';
import { type FunctionName, INVOCATION, type Invocation, type TableAction } from './function-catalogue.ts';

/** The newest Node.js runtime this aws-cdk-lib offers, pinned so a CDK upgrade is a visible change. */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Stack traces point at the TypeScript sources, through the source map shipped in each bundle. */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';

/** Why a function needs no Lambda dead-letter queue of its own, by how it is invoked. */
const WHERE_FAILURES_GO: Readonly<Record<Invocation, string>> = {
  'event rule':
    'Failed asynchronous invocations go to an on-failure destination (an encrypted SQS queue), which supersedes a DLQ and also records the error.',
  'state machine':
    'Invoked synchronously by a Step Functions Task: the state machine retries with backoff and records any failure in the execution history.',
  'function URL':
    'Invoked synchronously through its function URL: the caller receives the error; there is no asynchronous event to keep.',
};

export interface ParcoursFunctionProps {
  /** The folder under functions/ whose lambda.ts is the entry. */
  readonly name: FunctionName;
  readonly description: string;
  /** The repository root, holding functions/ and package-lock.json. */
  readonly projectRoot: string;
  /**
   * The runtime bundle written before synth: copied into the asset as bundle.json and named by
   * PARCOURS_BUNDLE.
   * @default - the function reads no runtime bundle
   */
  readonly runtimeBundlePath?: string;
  /** @default 512 - CPU grows with memory, which shortens the cold start that parses the bundle */
  readonly memorySize?: number;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /**
   * Executions reserved for this function, which is also the most it can run at once.
   * @default - none reserved
   */
  readonly reservedConcurrency?: number | undefined;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default - no variables beyond NODE_OPTIONS and PARCOURS_BUNDLE */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * A hash of everything the bundle is made from (infra/bundle/source-fingerprint.ts): a synth
   * that finds this asset already in cdk.out skips esbuild.
   * @default - the hash of the bundled output, which requires bundling on every synth
   */
  readonly assetHash?: string;
}

/**
 * One Parcours Lambda: bundled by the local esbuild (never Docker) as minified ESM for arm64 with
 * source maps (infra/bundle/function-bundle.ts), its own log group with retention, X-Ray tracing,
 * and a role that starts empty except for writing its own logs, so every permission it has is one
 * granted on purpose.
 */
export class ParcoursFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly name: FunctionName;

  constructor(scope: Construct, id: string, props: ParcoursFunctionProps) {
    super(scope, id);
    this.name = props.name;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Instead of AWSLambdaBasicExecutionRole (logs:* on every log group): write this group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Parcours ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    const bundlePath = props.runtimeBundlePath;
    this.function = new lambda.Function(this, 'Function', {
      code: functionCode({
        projectRoot: props.projectRoot,
        entry: join(props.projectRoot, 'functions', props.name, 'lambda.ts'),
        files: bundlePath === undefined ? {} : { [RUNTIME_BUNDLE_FILE]: bundlePath },
        assetHash: props.assetHash,
      }),
      handler: FUNCTION_HANDLER,
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      ...(props.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      // A published version is called by the state machine versions of its deployment, which
      // outlive it: it is kept when the next deployment publishes another.
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
      environment: {
        NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
        ...(bundlePath === undefined ? {} : { PARCOURS_BUNDLE: RUNTIME_BUNDLE_PATH_IN_LAMBDA }),
        ...props.environment,
      },
    });
    // X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level permissions: the
    // Service Authorization Reference lists no resource type for them, so "*" is the only resource.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray statement (xray:PutTraceSegments, xray:PutTelemetryRecords) uses "*": those actions have no resource type in the Service Authorization Reference.',
    });
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: WHERE_FAILURES_GO[INVOCATION[props.name]],
    });
  }

  /** Sets TABLE_NAME and grants exactly these operations on the table. */
  bindTable(table: dynamodb.ITable, actions: readonly TableAction[]): void {
    this.function.addEnvironment('TABLE_NAME', table.tableName);
    if (actions.length > 0) table.grant(this.function, ...actions.map((action) => `dynamodb:${action}`));
  }
}
