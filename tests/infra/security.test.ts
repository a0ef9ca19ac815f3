import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { PROJECT_ROOT } from '../../infra/config/deployment.ts';
import {
  FUNCTION_NAMES,
  type FunctionName,
  TABLE_ACCESS,
} from '../../infra/constructs/function-catalogue.ts';
import {
  asList,
  logicalIdOf,
  policyStatements,
  Reference,
  resourcesOf,
  type Statement,
  type Synthesized,
  synthesizeExamples,
} from './synth.ts';

let synth: Synthesized;

beforeAll(async () => {
  synth = await synthesizeExamples();
});
afterAll(async () => {
  await synth.cleanUp();
});

/**
 * The only actions that may have "*" as their resource, each because AWS offers no resource-level
 * permission for it (Service Authorization Reference: no resource type listed).
 */
const STAR_RESOURCE_ACTIONS = new Set([
  // The SES send quota a broadcast is paced by: the account is its only resource.
  'ses:GetAccount',
  // X-Ray tracing, of the functions and the state machines.
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  // CloudWatch Logs vended delivery, which Step Functions logging is set up through.
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

/** A resource as text, with Fn::Join flattened, so wildcards inside ARNs are visible. */
function resourceText(resource: unknown): string {
  const join = z.object({ 'Fn::Join': z.tuple([z.string(), z.array(z.unknown())]) }).safeParse(resource);
  if (join.success) return join.data['Fn::Join'][1].map(resourceText).join(join.data['Fn::Join'][0]);
  if (typeof resource === 'string') return resource;
  const ref = Reference.safeParse(resource);
  return ref.success ? `<${ref.data}>` : JSON.stringify(resource);
}

function actionsOf(statement: Statement): string[] {
  return asList(statement.Action);
}

describe('encryption on every store', () => {
  it('encrypts the table at rest', () => {
    const tables = resourcesOf(synth.template, 'AWS::DynamoDB::Table');
    expect(tables.size).toBe(1);
    for (const table of tables.values()) {
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    }
  });

  it('encrypts every queue and refuses connections without TLS', () => {
    const { template } = synth;
    for (const [id, queue] of resourcesOf(template, 'AWS::SQS::Queue')) {
      expect(queue.Properties.SqsManagedSseEnabled, id).toBe(true);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('keeps the signing keys in Secrets Manager, generated there and never in the template', () => {
    const secrets = resourcesOf(synth.template, 'AWS::SecretsManager::Secret');
    expect(secrets.size).toBe(2);
    for (const secret of secrets.values()) {
      expect(secret.Properties.SecretString).toBeUndefined();
      expect(secret.Properties.GenerateSecretString).toEqual(
        expect.objectContaining({ PasswordLength: 64, ExcludePunctuation: true }),
      );
      expect(secret.DeletionPolicy).toBe('Retain');
    }
  });
});

describe('least privilege', () => {
  it('has no IAM statement whose action is a wildcard', () => {
    const wildcards = policyStatements(synth.template).flatMap(({ policy, statement }) =>
      actionsOf(statement)
        .filter((action) => action.includes('*'))
        .map((action) => `${policy}: ${action}`),
    );
    expect(wildcards).toEqual([]);
  });

  it('uses "*" as a resource only for actions that take no resource-level permissions', () => {
    const offending = policyStatements(synth.template).flatMap(({ policy, statement }) =>
      asList(statement.Resource).includes('*')
        ? actionsOf(statement)
            .filter((action) => !STAR_RESOURCE_ACTIONS.has(action))
            .map((action) => `${policy}: ${action}`)
        : [],
    );
    expect(offending).toEqual([]);
  });

  it('has wildcards inside ARNs only for the SMS identities synth cannot name, the folders Firehose and broadcasts write, the versions of step functions and the children of a Distributed Map', () => {
    // Prepare: the SMS sender of the examples is a phone number, whose ARN holds an id AWS assigns;
    // Firehose names each outcome object it writes, so its role can only be granted their folders;
    // a journey calls the versions of the step functions published with its state machine version.
    const bucket = `<${logicalIdOf(synth.stack.outcomes.bucket)}>/`;
    const audienceBucket = `<${logicalIdOf(synth.stack.broadcasts.bucket)}>/`;
    const stepFunctions = Object.values(synth.stack.functions.stepFunctions()).map((version) =>
      logicalIdOf(version.lambda),
    );
    const partial = policyStatements(synth.template).flatMap(({ statement }) =>
      asList(statement.Resource)
        .map(resourceText)
        .filter((text) => text !== '*' && text.includes('*'))
        .map((text) => ({ actions: actionsOf(statement), text })),
    );

    // Act
    const outcomes = partial.filter(({ text }) => text.startsWith(bucket));
    const versions = partial.filter(({ text }) => text.endsWith('>:*'));
    const audiences = partial.filter(({ text }) => text.startsWith(audienceBucket));
    const children = partial.filter(({ text }) => text.includes(':execution:'));
    const sms = partial.filter(
      (entry) => ![outcomes, versions, audiences, children].some((group) => group.includes(entry)),
    );

    // Assess
    // The send step and a broadcast's batches are granted the same identities.
    const smsResources = new Set(sms.map(({ text }) => text.replace(/^arn:<AWS::Partition>/, 'arn:aws')));
    expect([...smsResources].sort()).toEqual([
      'arn:aws:sms-voice:eu-west-1:123456789012:opt-out-list/*',
      'arn:aws:sms-voice:eu-west-1:123456789012:phone-number/*',
      'arn:aws:sms-voice:eu-west-1:123456789012:pool/*',
      'arn:aws:sms-voice:eu-west-1:123456789012:sender-id/*',
    ]);
    expect(new Set(sms.flatMap(({ actions }) => actions))).toEqual(new Set(['sms-voice:SendTextMessage']));
    expect(outcomes.map(({ text }) => text).sort()).toEqual([`${bucket}errors/*`, `${bucket}facts/*`]);
    expect(new Set(versions.map(({ text }) => text))).toEqual(
      new Set(stepFunctions.map((id) => `<${id}>:*`)),
    );
    expect(new Set(versions.flatMap(({ actions }) => actions))).toEqual(new Set(['lambda:InvokeFunction']));
    expect(new Set(outcomes.flatMap(({ actions }) => actions))).toEqual(
      new Set(['s3:PutObject', 's3:AbortMultipartUpload']),
    );
    // The audience function puts every scenario's files; each broadcast reads its own scenario's
    // files and writes its own results.
    const clocked = [...synth.stack.broadcasts.stateMachines.keys()].sort();
    expect(new Set(audiences.map(({ text }) => text))).toEqual(
      new Set([
        `${audienceBucket}audiences/*`,
        ...clocked.flatMap((id) => [
          `${audienceBucket}audiences/${id}/*`,
          `${audienceBucket}results/${id}/*`,
        ]),
      ]),
    );
    expect(children.map(({ text }) => text.replace(/^.*:execution:/, '')).sort()).toEqual(
      clocked.map((id) => `Parcours-${id}-broadcast/*`),
    );
    expect(new Set(children.flatMap(({ actions }) => actions))).toEqual(
      new Set(['states:DescribeExecution', 'states:StopExecution']),
    );
  });

  it('narrows SMS to the identities named when each is given as an ARN', async () => {
    // Prepare
    const arn = 'arn:aws:sms-voice:eu-west-1:123456789012:phone-number/phone-0123456789abcdef';
    const mapped = await synthesizeExamples({
      context: { 'parcours:smsOriginationIdentityArns': JSON.stringify({ '+15550100': arn }) },
    });
    try {
      // Act
      const sms = policyStatements(mapped.template).filter(({ statement }) =>
        actionsOf(statement).includes('sms-voice:SendTextMessage'),
      );
      // The send step and a broadcast's batches are granted the same identities.
      const resources = [
        ...new Set(sms.flatMap(({ statement }) => asList(statement.Resource).map(resourceText))),
      ];

      // Assess
      expect(resources).toContain(arn);
      expect(resources.filter((text) => text.includes('*'))).toEqual([
        'arn:<AWS::Partition>:sms-voice:eu-west-1:123456789012:opt-out-list/*',
      ]);
    } finally {
      await mapped.cleanUp();
    }
  });

  it('gives each function exactly the actions its code calls', () => {
    // Prepare: what a function may do beyond writing its logs and traces.
    const common = [
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ];
    const table = (name: FunctionName) => TABLE_ACCESS[name].map((action) => `dynamodb:${action}`);
    const expected: Record<FunctionName, string[]> = {
      ingest: [
        ...table('ingest'),
        'firehose:PutRecordBatch',
        'states:StartExecution',
        'states:SendTaskSuccess',
        'states:SendTaskFailure',
        'sqs:SendMessage',
      ],
      'delivery-events': [
        ...table('delivery-events'),
        'firehose:PutRecordBatch',
        'states:SendTaskSuccess',
        'states:SendTaskFailure',
        'sqs:SendMessage',
      ],
      check: table('check'),
      schedule: table('schedule'),
      send: [
        ...table('send'),
        'firehose:PutRecordBatch',
        'ses:SendEmail',
        'sms-voice:SendTextMessage',
        'mobiletargeting:SendMessages',
        'secretsmanager:GetSecretValue',
      ],
      'wait-for': table('wait-for'),
      'update-profile': table('update-profile'),
      emit: [...table('emit'), 'events:PutEvents'],
      webhook: [...table('webhook'), 'secretsmanager:GetSecretValue'],
      unsubscribe: ['events:PutEvents', 'secretsmanager:GetSecretValue'],
      audience: [...table('audience'), 's3:PutObject', 'ses:GetAccount'],
      deliver: [
        ...table('deliver'),
        'firehose:PutRecordBatch',
        'ses:SendEmail',
        'sms-voice:SendTextMessage',
        'mobiletargeting:SendMessages',
        'secretsmanager:GetSecretValue',
        'states:StartExecution',
      ],
      sweep: [
        ...table('sweep'),
        'firehose:PutRecordBatch',
        'states:StartExecution',
        'states:SendTaskSuccess',
        'states:SendTaskFailure',
      ],
    };
    const statements = policyStatements(synth.template);

    for (const name of FUNCTION_NAMES) {
      // Act
      const policy = logicalIdOf(synth.stack.functions.get(name).role.node.findChild('DefaultPolicy'));
      const granted = statements
        .filter((entry) => entry.policy === policy)
        .flatMap(({ statement }) => actionsOf(statement));

      // Assess
      expect(new Set(granted), name).toEqual(new Set([...common, ...expected[name]]));
    }
  });

  it('grants no table operation that a function bundle cannot even reach', async () => {
    // Prepare: the modules esbuild puts in each function, and the DynamoDB commands they construct.
    const { metafile } = await build({
      entryPoints: Object.fromEntries(
        FUNCTION_NAMES.map((name) => [name, join(PROJECT_ROOT, 'functions', name, 'lambda.ts')]),
      ),
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      outdir: 'out',
      logLevel: 'silent',
      // Only the project's own modules matter: they are where the commands are constructed.
      packages: 'external',
    });
    const commandAction: Record<string, string> = {
      GetCommand: 'GetItem',
      QueryCommand: 'Query',
      PutCommand: 'PutItem',
      UpdateCommand: 'UpdateItem',
      DeleteCommand: 'DeleteItem',
      ScanCommand: 'Scan',
    };

    for (const name of FUNCTION_NAMES) {
      // Act
      const output = Object.values(metafile.outputs).find((out) =>
        out.entryPoint?.endsWith(`functions/${name}/lambda.ts`),
      );
      const sources = Object.keys(output?.inputs ?? {}).filter((input) => !input.includes('node_modules'));
      const reachable = new Set(
        sources.flatMap((source) =>
          [...readFileSync(join(PROJECT_ROOT, source), 'utf8').matchAll(/new (\w+Command)\(/g)].flatMap(
            ([, command]) => {
              const action = command === undefined ? undefined : commandAction[command];
              return action === undefined ? [] : [action];
            },
          ),
        ),
      );

      // Assess
      expect(sources.length, name).toBeGreaterThan(0);
      for (const action of TABLE_ACCESS[name]) expect(reachable, `${name} ${action}`).toContain(action);
    }
  });

  it('exposes only the unsubscribe function publicly, through a function URL', () => {
    const { stack, template } = synth;
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [logicalIdOf(stack.functions.get('unsubscribe').function), 'Arn'] },
    });
  });
});

describe('cdk-nag', () => {
  const packs = (): NagPack[] => [new AwsSolutionsChecks(), new ServerlessChecks()];

  it('finds nothing unacknowledged with the AwsSolutions and Serverless packs', () => {
    // Act
    const findings = packs().flatMap((pack) =>
      pack
        .validateScope(synth.stack.node.root)
        .violations.map(
          (violation) =>
            `${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
        ),
    );

    // Assess
    expect(findings).toEqual([]);
  });

  it('acknowledges only real findings, each with a specific reason', () => {
    // Prepare: the findings as they would be without any acknowledgement.
    const raw = packs().flatMap((pack) => {
      Reflect.set(pack, 'isAcknowledged', () => false);
      return pack.validateScope(synth.stack.node.root).violations.flatMap((violation) =>
        violation.violatingResources.map((resource) => ({
          rule: violation.ruleName,
          path: resource.constructPath,
        })),
      );
    });

    // Act: every acknowledgement recorded in the tree, where it was made.
    const acknowledgements = allConstructs(synth.stack).flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(z.record(z.string(), z.string()).parse(entry.data)))
        .map(([id, reason]) => ({ id: id.replace(/^annotation::/i, ''), reason, path: construct.node.path })),
    );
    const nag = acknowledgements.filter(({ id }) => /^(AwsSolutions|Serverless)-/.test(id));

    // Assess
    expect(nag.length).toBeGreaterThan(0);
    for (const { id, reason, path } of nag) {
      const matched = raw.some(
        (finding) => finding.rule === id && (finding.path ?? '').startsWith(`${path}/`),
      );
      expect(matched, `${id} at ${path} acknowledges nothing`).toBe(true);
      expect(reason.length, `${id} at ${path}`).toBeGreaterThan(80);
    }
  });
});

function allConstructs(root: IConstruct): IConstruct[] {
  return [root, ...root.node.children.flatMap(allConstructs)];
}
