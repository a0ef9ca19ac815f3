import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { FUNCTION_NAMES, type FunctionName } from '../../infra/constructs/function-catalogue.ts';
import { SENDERS } from '../../infra/constructs/functions.ts';
import { SES_EVENTS } from '../../infra/constructs/messaging.ts';
import { FUNCTION_RUNTIME } from '../../infra/constructs/parcours-function.ts';
import { tableDefinition } from '../../shared/store/dynamodb/table.ts';
import {
  asList,
  logicalIdOf,
  policyStatements,
  resourceById,
  resourcesOf,
  type Synthesized,
  synthesizeExamples,
} from './synth.ts';

let synth: Synthesized;

beforeAll(async () => {
  // With CDK's built-in CloudFormation validation, as `cdk synth` runs it (about 9 s).
  synth = await synthesizeExamples({ validation: true });
}, 60_000);
afterAll(async () => {
  await synth.cleanUp();
});

describe('the template', () => {
  it("passes CDK's CloudFormation validation of every resource", async () => {
    const report = z
      .object({
        pluginReports: z.array(
          z.object({
            pluginName: z.string(),
            violations: z.array(z.object({ severity: z.string(), ruleName: z.string() })),
          }),
        ),
      })
      .parse(JSON.parse(await readFile(join(synth.outdir, 'validation-report.json'), 'utf8')));
    const errors = report.pluginReports.flatMap((plugin) =>
      plugin.violations
        .filter((violation) => violation.severity === 'error')
        .map((violation) => violation.ruleName),
    );
    expect(report.pluginReports.map((plugin) => plugin.pluginName)).toContain('CloudFormation Validate');
    expect(errors).toEqual([]);
  });
});

describe('data', () => {
  it('declares the table the local platform creates, on demand, recoverable, expiring on expiresAt', () => {
    // Prepare: the shape shared/store/dynamodb/table.ts gives dynalite.
    const local = tableDefinition('any');

    // Assess
    synth.template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: local.KeySchema,
        AttributeDefinitions: local.AttributeDefinitions,
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        DeletionProtectionEnabled: true,
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('lets deletion protection be turned off from the context', async () => {
    const unprotected = await synthesizeExamples({
      context: { 'parcours:tableDeletionProtection': 'false' },
    });
    try {
      unprotected.template.hasResourceProperties('AWS::DynamoDB::Table', {
        DeletionProtectionEnabled: false,
      });
    } finally {
      await unprotected.cleanUp();
    }
  });
});

describe('functions', () => {
  it('runs all thirteen on the newest Node.js, arm64, traced, with explicit memory and timeout', () => {
    const functions = resourcesOf(synth.template, 'AWS::Lambda::Function');
    expect(functions.size).toBe(13);
    const memory = (name: FunctionName) =>
      functions.get(logicalIdOf(synth.stack.functions.get(name).function))?.Properties.MemorySize;
    // The audience export scans the table: CPU grows with memory, and 1,769 MB is one full vCPU.
    for (const name of FUNCTION_NAMES) expect(memory(name), name).toBe(name === 'audience' ? 1769 : 512);
    for (const [id, fn] of functions) {
      expect(fn.Properties, id).toEqual(
        expect.objectContaining({
          Runtime: FUNCTION_RUNTIME.name,
          Architectures: ['arm64'],
          Handler: 'index.handler',
          TracingConfig: { Mode: 'Active' },
          MemorySize: expect.any(Number),
          Timeout: expect.any(Number),
        }),
      );
      expect(FUNCTION_RUNTIME.name).toBe('nodejs24.x');
    }
  });

  it('logs each function to its own log group with a retention, and nothing else', () => {
    const { stack, template } = synth;
    for (const fn of stack.functions.all()) {
      const properties = resourceById(template, logicalIdOf(fn.function)).Properties;
      expect(properties.LoggingConfig).toEqual({ LogGroup: { Ref: logicalIdOf(fn.logGroup) } });
      expect(properties.Environment).toEqual({
        Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }),
      });
    }
    for (const [id, group] of resourcesOf(template, 'AWS::Logs::LogGroup')) {
      expect(group.Properties.RetentionInDays, id).toBe(30);
    }
  });

  it('configures each function at cold start with the variables its lambda.ts parses', () => {
    // Prepare
    const { stack, template } = synth;
    const variables = (name: Parameters<typeof stack.functions.get>[0]) =>
      Object.keys(
        z
          .object({ Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }) })
          .parse(resourceById(template, logicalIdOf(stack.functions.get(name).function)).Properties)
          .Environment.Variables,
      ).sort();
    const step = ['NODE_OPTIONS', 'PARCOURS_BUNDLE', 'TABLE_NAME'];

    // Assess
    expect(variables('ingest')).toEqual([...step, 'OUTCOME_STREAM', 'STATE_MACHINE_ALIAS_ARN'].sort());
    expect(variables('delivery-events')).toEqual([...step, 'OUTCOME_STREAM'].sort());
    expect(variables('check')).toEqual(step);
    expect(variables('send')).toEqual(
      [
        ...step,
        'OUTCOME_STREAM',
        'PUSH_APPLICATION_ID',
        'SMS_CONFIGURATION_SET',
        'UNSUBSCRIBE_BASE_URL',
        'UNSUBSCRIBE_SECRET_ARN',
      ].sort(),
    );
    expect(variables('emit')).toEqual([...step, 'EVENT_BUS_NAME'].sort());
    expect(variables('webhook')).toEqual([...step, 'WEBHOOK_SECRET_ARN'].sort());
    expect(variables('unsubscribe')).toEqual(['EVENT_BUS_NAME', 'NODE_OPTIONS', 'UNSUBSCRIBE_SECRET_ARN']);
  });

  it('caps the public unsubscribe endpoint with reserved concurrency, its throttle, and reserves none elsewhere by default', () => {
    const { stack, template } = synth;
    const reserved = (name: Parameters<typeof stack.functions.get>[0]) =>
      resourceById(template, logicalIdOf(stack.functions.get(name).function)).Properties
        .ReservedConcurrentExecutions;
    expect(reserved('unsubscribe')).toBe(10);
    for (const fn of stack.functions.all().filter((candidate) => candidate.name !== 'unsubscribe')) {
      expect(reserved(fn.name), fn.name).toBeUndefined();
    }
  });

  it('reserves the configured concurrency for unsubscribe, ingest and send', async () => {
    // Prepare
    const configured = await synthesizeExamples({
      context: {
        'parcours:unsubscribeReservedConcurrency': '5',
        'parcours:ingestReservedConcurrency': '50',
        'parcours:sendReservedConcurrency': '40',
      },
    });
    try {
      // Act
      const reserved = (name: Parameters<typeof configured.stack.functions.get>[0]) =>
        resourceById(configured.template, logicalIdOf(configured.stack.functions.get(name).function))
          .Properties.ReservedConcurrentExecutions;

      // Assess
      expect([reserved('unsubscribe'), reserved('ingest'), reserved('send')]).toEqual([5, 50, 40]);
      expect(reserved('check')).toBeUndefined();
    } finally {
      await configured.cleanUp();
    }
  });

  it('sends every SMS through the configuration set the stack creates, which it may use', () => {
    const { stack, template } = synth;
    const configurationSet = stack.messaging.smsConfigurationSet;
    if (configurationSet === undefined)
      throw new Error('the examples send SMS: expected a configuration set');
    const send = resourceById(template, logicalIdOf(stack.functions.get('send').function)).Properties;
    expect(send.Environment).toEqual({
      Variables: expect.objectContaining({ SMS_CONFIGURATION_SET: { Ref: logicalIdOf(configurationSet) } }),
    });
    const granted = policyStatements(template)
      .filter(({ statement }) => asList(statement.Action).includes('sms-voice:SendTextMessage'))
      .flatMap(({ statement }) => asList(statement.Resource));
    expect(granted).toContainEqual({ 'Fn::GetAtt': [logicalIdOf(configurationSet), 'Arn'] });
  });

  it('points send at the function URL and the signing key the unsubscribe endpoint verifies with', () => {
    const { stack, template } = synth;
    const send = resourceById(template, logicalIdOf(stack.functions.get('send').function)).Properties;
    const unsubscribe = resourceById(
      template,
      logicalIdOf(stack.functions.get('unsubscribe').function),
    ).Properties;
    const url = logicalIdOf(stack.unsubscribe.url);
    const key = { Ref: logicalIdOf(stack.unsubscribe.signingKey) };
    expect(send.Environment).toEqual({
      Variables: expect.objectContaining({
        UNSUBSCRIBE_BASE_URL: { 'Fn::GetAtt': [url, 'FunctionUrl'] },
        UNSUBSCRIBE_SECRET_ARN: key,
      }),
    });
    expect(unsubscribe.Environment).toEqual({
      Variables: expect.objectContaining({ UNSUBSCRIBE_SECRET_ARN: key }),
    });
  });
});

describe('messaging', () => {
  it('creates the configuration set the senders name, publishing delivery events to the default bus', () => {
    const { template } = synth;
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'parcours' });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: SES_EVENTS.map((event) => event),
        EventBridgeDestination: {
          EventBusArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':event-bus/default$')])] },
        },
      },
    });
    expect([...SES_EVENTS].sort()).toEqual(['bounce', 'click', 'complaint', 'delivery', 'open']);
  });

  it('creates an SMS configuration set and a push application, since scenarios send SMS and push', () => {
    const { template } = synth;
    template.hasResourceProperties('AWS::SMSVOICE::ConfigurationSet', {
      ConfigurationSetName: 'Parcours-sms',
    });
    template.hasResourceProperties('AWS::Pinpoint::App', { Name: 'Parcours-push' });
  });

  it('sends from the identities of parcours.config.yaml: each sender address and its domain', () => {
    // Act
    const ses = policyStatements(synth.template).filter(
      ({ statement }) => statement.Action === 'ses:SendEmail',
    );
    const resources = ses
      .flatMap(({ statement }) => asList(statement.Resource))
      .map((resource) => JSON.stringify(resource));

    // Assess: the send step and a broadcast's batches, each granted the same identities.
    expect(ses).toHaveLength(SENDERS.length);
    expect([...new Set(resources)].sort()).toEqual(
      [
        'configuration-set/parcours',
        'identity/camille@shop.example',
        'identity/hello@shop.example',
        'identity/shop.example',
      ]
        .map((resource) => JSON.stringify(sesArn(resource)))
        .sort(),
    );
  });

  it('uses an existing push application instead of creating one when configured', async () => {
    const existing = await synthesizeExamples({
      context: { 'parcours:pushApplicationId': '0123456789abcdef0123456789abcdef' },
    });
    try {
      existing.template.resourceCountIs('AWS::Pinpoint::App', 0);
      existing.template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({ PUSH_APPLICATION_ID: '0123456789abcdef0123456789abcdef' }),
        },
      });
    } finally {
      await existing.cleanUp();
    }
  });
});

describe('observability', () => {
  it('has a dashboard per relationship program, built from the metrics the functions emit', () => {
    // Prepare
    const { template, deployment } = synth;
    const dashboards = resourcesOf(template, 'AWS::CloudWatch::Dashboard');
    const programs = Object.keys(deployment.project.programs.programs);
    expect(dashboards.size).toBe(programs.length);

    for (const program of programs) {
      // Act
      const dashboard = [...dashboards.values()].find(
        (resource) => resource.Properties.DashboardName === `Parcours-${program}`,
      );
      const body = JSON.stringify(dashboard?.Properties.DashboardBody);

      // Assess
      expect(body, program).toBeDefined();
      for (const metric of [
        'JourneysStarted',
        'EntriesSkipped',
        'Conversions',
        'ConversionRevenue',
        'MessagesSent',
        'MessagesSkipped',
        'SendFailures',
        'SendsDeferred',
        'ExecutionsFailed',
      ]) {
        expect(body, `${program} ${metric}`).toContain(metric);
      }
      for (const { scenario } of deployment.scenarios.filter(
        ({ scenario }) => scenario.program === program,
      )) {
        expect(body, `${program} ${scenario.id}`).toContain(`scenario=\\\\\\"${scenario.id}\\\\\\"`);
      }
    }
  });

  it('alarms on failed executions per scenario, on every dead-letter queue, and on send failures', () => {
    // Prepare
    const { stack, template } = synth;
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm');
    const byName = (name: string) =>
      [...alarms.values()].find((alarm) => alarm.Properties.AlarmName === name);

    for (const scenarioId of stack.journeys.keys()) {
      // Assess: the failed-executions alarm sums the state machine's and its alias's metric.
      const failed = JSON.stringify(byName(`Parcours-${scenarioId}-failed-executions`)?.Properties.Metrics);
      expect(failed, scenarioId).toContain('ExecutionsFailed');
      expect(failed).toContain(logicalIdOf(stack.journeys.get(scenarioId)?.alias ?? stack));
    }
    for (const scenarioId of stack.alarms.sendFailures.keys()) {
      const sendFailures = JSON.stringify(byName(`Parcours-${scenarioId}-send-failures`)?.Properties);
      expect(sendFailures).toContain(`SELECT SUM(SendFailures) FROM SCHEMA(\\"Parcours\\"`);
      expect(sendFailures).toContain(`WHERE scenario = '${scenarioId}'`);
    }
    expect(stack.alarms.sendFailures.size).toBe(stack.journeys.size);
    for (const queue of stack.routing.deadLetterQueues) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(queue.queue), 'QueueName'] } }],
        Threshold: 1,
      });
    }
  });

  it('notifies an SNS topic when one is configured', async () => {
    const topic = 'arn:aws:sns:eu-west-1:123456789012:on-call';
    const notified = await synthesizeExamples({ context: { 'parcours:alarmTopicArn': topic } });
    try {
      for (const [id, alarm] of resourcesOf(notified.template, 'AWS::CloudWatch::Alarm')) {
        expect(alarm.Properties.AlarmActions, id).toEqual([topic]);
      }
    } finally {
      await notified.cleanUp();
    }
  });
});

function sesArn(resource: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ses:eu-west-1:123456789012:${resource}`]] };
}
