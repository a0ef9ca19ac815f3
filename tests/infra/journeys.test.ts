import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { INGEST_PATTERN } from '../../infra/constructs/event-routing.ts';
import { LIVE_ALIAS } from '../../infra/constructs/journey-state-machine.ts';
import { isClockTrigger } from '../../language/trigger-kind.ts';
import { aliasArnOf } from '../../shared/journeys/state-machine-alias.ts';
import {
  FUNCTION_PLACEHOLDERS,
  type FunctionArns,
  STEP_FUNCTIONS,
  type StepFunction,
  substituteFunctionArns,
} from '../../state-machines/compiler/resources.ts';
import { allNodes } from '../../state-machines/model/step-tree.ts';
import {
  logicalIdOf,
  Reference,
  resourceById,
  resourcesOf,
  type Synthesized,
  synthesizeExamples,
} from './synth.ts';

const StateMachineProperties = z.object({
  StateMachineName: z.string(),
  StateMachineType: z.literal('STANDARD'),
  DefinitionString: z.string(),
  DefinitionSubstitutions: z.record(z.string(), Reference),
  TracingConfiguration: z.object({ Enabled: z.literal(true) }),
  LoggingConfiguration: z.object({ Level: z.literal('ALL') }),
});

const RuleTarget = z.object({
  Arn: Reference,
  DeadLetterConfig: z.object({ Arn: Reference }).optional(),
  RetryPolicy: z
    .object({ MaximumRetryAttempts: z.number(), MaximumEventAgeInSeconds: z.number() })
    .optional(),
});
const RuleProperties = z.object({ EventPattern: z.unknown(), Targets: z.array(RuleTarget) });

let synth: Synthesized;

beforeAll(async () => {
  synth = await synthesizeExamples();
});
afterAll(async () => {
  await synth.cleanUp();
});

describe('one Standard state machine per scenario', () => {
  it('deploys, after substitution, exactly the ASL the compiler produces', () => {
    // Prepare: what CloudFormation substitutes for each placeholder is the function's ARN.
    const { stack, template, deployment } = synth;
    const functionRef = (logicalId: string) => `fn::${logicalId}`;
    const stepFunctions = stack.functions.stepFunctions();
    const ref = (fn: StepFunction) => functionRef(publishedVersionOf(template, stepFunctions[fn].lambda));
    const expectedArns: FunctionArns = {
      send: ref('send'),
      check: ref('check'),
      schedule: ref('schedule'),
      waitFor: ref('waitFor'),
      updateProfile: ref('updateProfile'),
      emit: ref('emit'),
      webhook: ref('webhook'),
    };

    for (const { scenario, compiled } of deployment.scenarios) {
      // Act: apply DefinitionSubstitutions as CloudFormation does.
      const journey = stack.journeys.get(scenario.id);
      if (journey === undefined) throw new Error(`no journey for ${scenario.id}`);
      const properties = StateMachineProperties.parse(
        resourceById(template, logicalIdOf(journey.stateMachine)).Properties,
      );
      const deployed = properties.DefinitionString.replace(/\$\{(\w+)\}/g, (placeholder, key: string) => {
        const target = properties.DefinitionSubstitutions[key];
        return target === undefined ? placeholder : functionRef(target);
      });

      // Assess
      expect(JSON.parse(deployed), scenario.id).toEqual(
        substituteFunctionArns(compiled.definition, expectedArns),
      );
      expect(properties.StateMachineName).toBe(`Parcours-${scenario.id}`);
    }
  });

  it('gives each state machine a role that may invoke only the functions its definition calls', () => {
    // Prepare
    const { stack, template, deployment } = synth;
    const stepFunctions = stack.functions.stepFunctions();

    for (const { scenario, compiled } of deployment.scenarios) {
      const definition = JSON.stringify(compiled.definition);
      const called = STEP_FUNCTIONS.filter((fn) => definition.includes(`\${${FUNCTION_PLACEHOLDERS[fn]}}`));
      const journey = stack.journeys.get(scenario.id);
      if (journey === undefined) throw new Error(`no journey for ${scenario.id}`);

      // Act
      const invokeStatements = resourcesOf(template, 'AWS::IAM::Policy').get(
        logicalIdOf(journey.stateMachine.role.node.findChild('DefaultPolicy')),
      )?.Properties.PolicyDocument;

      // Assess: every version of each function called, and nothing else; CloudFormation gets a
      // single resource as itself rather than a list of one.
      const resources = called.map((fn) => ({
        'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(stepFunctions[fn].lambda), 'Arn'] }, ':*']],
      }));
      expect(invokeStatements, scenario.id).toEqual(
        expect.objectContaining({
          Statement: expect.arrayContaining([
            {
              Action: 'lambda:InvokeFunction',
              Effect: 'Allow',
              Resource: resources.length === 1 ? resources[0] : resources,
            },
          ]),
        }),
      );
    }
  });

  it('publishes a version on every deploy, keeps old versions, and points the live alias at it', () => {
    const { stack, template } = synth;
    for (const journey of stack.journeys.values()) {
      // Act
      const version = resourceById(template, logicalIdOf(journey.version));
      const alias = resourceById(template, logicalIdOf(journey.alias));

      // Assess
      expect(version.Properties).toEqual({
        StateMachineArn: { Ref: logicalIdOf(journey.stateMachine) },
        StateMachineRevisionId: {
          'Fn::GetAtt': [logicalIdOf(journey.stateMachine), 'StateMachineRevisionId'],
        },
        Description: expect.any(String),
      });
      expect(version.UpdateReplacePolicy).toBe('Retain');
      expect(alias.Properties).toEqual(
        expect.objectContaining({
          Name: LIVE_ALIAS,
          RoutingConfiguration: [
            { StateMachineVersionArn: { 'Fn::GetAtt': [logicalIdOf(journey.version), 'Arn'] }, Weight: 100 },
          ],
        }),
      );
    }
  });

  it('keeps what running journeys run on: the function versions they call, and a removed scenario’s state machine, role and logs', () => {
    // Prepare
    const { stack, template } = synth;
    const stepFunctions = Object.values(stack.functions.stepFunctions());

    // Act
    const versions = stepFunctions.map((version) =>
      resourceById(template, publishedVersionOf(template, version.lambda)),
    );
    const kept = [...stack.journeys.values()].flatMap((journey) =>
      [
        journey.stateMachine,
        journey.stateMachine.role,
        journey.stateMachine.role.node.findChild('DefaultPolicy'),
        journey.node.findChild('Logs'),
      ].map((construct) => resourceById(template, logicalIdOf(construct))),
    );

    // Assess
    expect(versions).toHaveLength(7);
    for (const version of versions) expect(version.DeletionPolicy).toBe('Retain');
    expect(kept).toHaveLength(4 * stack.journeys.size);
    for (const resource of kept)
      expect([resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  it('lets ingest start executions on the aliases only, whose ARNs its template gives by scenario', () => {
    // Prepare
    const { stack, template } = synth;
    const aliases = [...stack.journeys.values()].map((journey) => ({
      'Fn::GetAtt': [logicalIdOf(journey.alias), 'Arn'],
    }));
    const environment = z
      .object({ Environment: z.object({ Variables: z.object({ STATE_MACHINE_ALIAS_ARN: z.unknown() }) }) })
      .parse(resourceById(template, logicalIdOf(stack.functions.get('ingest').function)).Properties);
    // The partition is the only part CloudFormation fills in: the stack's region and account are set.
    const aliasArnTemplate = z
      .object({
        'Fn::Join': z.tuple([
          z.literal(''),
          z.tuple([z.literal('arn:'), z.object({ Ref: z.literal('AWS::Partition') }), z.string()]),
        ]),
      })
      .transform((join) => `arn:aws${join['Fn::Join'][1][2]}`)
      .parse(environment.Environment.Variables.STATE_MACHINE_ALIAS_ARN);

    // Assess
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(stack.functions.get('ingest').role) }],
      PolicyDocument: {
        Statement: Match.arrayWith([{ Action: 'states:StartExecution', Effect: 'Allow', Resource: aliases }]),
      },
    });
    for (const [scenarioId, journey] of stack.journeys) {
      // An alias ARN is its state machine's ARN, a colon and the alias name.
      const { StateMachineName } = StateMachineProperties.parse(
        resourceById(template, logicalIdOf(journey.stateMachine)).Properties,
      );
      const { Name } = z
        .object({ Name: z.string() })
        .parse(resourceById(template, logicalIdOf(journey.alias)).Properties);
      expect(aliasArnOf(aliasArnTemplate, scenarioId)).toBe(
        `arn:aws:states:eu-west-1:123456789012:stateMachine:${StateMachineName}:${Name}`,
      );
    }
  });

  it('has, per scenario, one state machine, version, alias and its alarms, and no rule of its own', () => {
    const { template, deployment } = synth;
    const count = deployment.scenarios.length;
    const sending = deployment.scenarios.filter(({ tree }) =>
      allNodes(tree).some((node) => node.kind === 'send'),
    );

    const clocked = deployment.scenarios.filter(({ scenario }) => isClockTrigger(scenario.trigger)).length;
    // A journey state machine per scenario, a broadcast one per scenario started by the clock, and
    // the segment sweep's (win-back starts on a segment).
    template.resourceCountIs('AWS::StepFunctions::StateMachine', count + clocked + 1);
    template.resourceCountIs('AWS::StepFunctions::StateMachineVersion', count);
    template.resourceCountIs('AWS::StepFunctions::StateMachineAlias', count);
    // Ingest and delivery events: ingest starts the journeys, so no scenario has a trigger rule.
    template.resourceCountIs('AWS::Events::Rule', 2);
    // A dead-letter queue per rule target, the failure queues of ingest and delivery-events, and
    // the schedules' queue.
    template.resourceCountIs('AWS::SQS::Queue', 2 + 2 + 1);
    // Failed executions per scenario, broadcast and the sweep, send failures per sending scenario,
    // one per queue.
    template.resourceCountIs('AWS::CloudWatch::Alarm', count + clocked + 1 + sending.length + 2 + 2 + 1);
    // Each state machine logs to its own group, each of the thirteen functions to its own, and the
    // outcome facts' delivery stream logs its delivery errors to one more.
    template.resourceCountIs('AWS::Logs::LogGroup', count + clocked + 1 + 13 + 1);
  });
});

describe('triggers beyond events', () => {
  it('deploys a schedule for every scenario started by the clock, and the segment sweep', () => {
    const clocked = synth.deployment.scenarios
      .filter(({ scenario }) => isClockTrigger(scenario.trigger))
      .map(({ scenario }) => scenario.id);
    expect(clocked.length).toBeGreaterThan(0);
    expect([...synth.stack.broadcasts.schedules.keys()].sort()).toEqual([...clocked].sort());
    expect(synth.stack.sweep).toBeDefined();
  });
});

describe('event rules', () => {
  it('has one rule for app events, to ingest, whatever the scenarios trigger on: no rule can race it', () => {
    // Prepare
    const { stack, template, deployment } = synth;
    const ingest = logicalIdOf(stack.functions.get('ingest').function);
    const deliveryEvents = logicalIdOf(stack.functions.get('delivery-events').function);

    // Act
    const targets = [...resourcesOf(template, 'AWS::Events::Rule').values()].flatMap(
      (rule) => RuleProperties.parse(rule.Properties).Targets,
    );
    const patterns = [...resourcesOf(template, 'AWS::Events::Rule').values()].map((rule) =>
      JSON.stringify(RuleProperties.parse(rule.Properties).EventPattern),
    );

    // Assess
    expect(targets.map((target) => target.Arn).sort()).toEqual([deliveryEvents, ingest].sort());
    for (const { scenario } of deployment.scenarios) {
      expect(patterns, scenario.id).not.toContain(JSON.stringify(scenario.trigger));
    }
  });

  it('gives every target a retry policy and a dead-letter queue that only its rule can write to', () => {
    const { template } = synth;
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    for (const [ruleId, resource] of resourcesOf(template, 'AWS::Events::Rule')) {
      for (const target of RuleProperties.parse(resource.Properties).Targets) {
        // Assess
        expect(target.RetryPolicy, ruleId).toEqual({
          MaximumRetryAttempts: 20,
          MaximumEventAgeInSeconds: 4 * 3600,
        });
        const queue = target.DeadLetterConfig?.Arn;
        expect(queue !== undefined && queues.has(queue), ruleId).toBe(true);
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: queue }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Action: 'sqs:SendMessage',
                Principal: { Service: 'events.amazonaws.com' },
                Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
              }),
            ]),
          },
        });
      }
    }
  });

  it('sends every app event to ingest, leaving AWS service events out', () => {
    const { stack, template } = synth;
    const rule = RuleProperties.parse(
      resourceById(template, logicalIdOf(stack.routing.ingestRule.rule)).Properties,
    );
    expect(rule.EventPattern).toEqual(INGEST_PATTERN);
    expect(rule.Targets[0]?.Arn).toBe(logicalIdOf(stack.functions.get('ingest').function));
  });

  it("routes SES events of Parcours' configuration sets and SMS statuses from the default bus", () => {
    const { stack, template } = synth;
    const rule = z
      .object({ EventBusName: z.string(), EventPattern: z.unknown() })
      .parse(resourceById(template, logicalIdOf(stack.routing.deliveryRule.rule)).Properties);
    expect(rule.EventBusName).toBe('default');
    expect(JSON.stringify(rule.EventPattern)).toContain('"ses:configuration-set":["parcours"]');
    expect(JSON.stringify(rule.EventPattern)).toContain('"source":["aws.sms-voice"]');
  });

  it('sends what ingest and delivery-events fail to process to an on-failure queue', () => {
    const { stack, template } = synth;
    for (const name of ['ingest', 'delivery-events'] as const) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalIdOf(stack.functions.get(name).function) },
        MaximumRetryAttempts: 2,
        DestinationConfig: {
          OnFailure: { Destination: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }) },
        },
      });
    }
  });

  it('can listen on a named bus that Parcours creates, keeping delivery events on the default bus', async () => {
    // Prepare
    const named = await synthesizeExamples({ context: { 'parcours:eventBusName': 'shop-events' } });
    try {
      // Act
      const rules = [...resourcesOf(named.template, 'AWS::Events::Rule').values()];
      const buses = rules.map((rule) => JSON.stringify(rule.Properties.EventBusName));

      // Assess
      named.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'shop-events' });
      expect(buses.filter((bus) => bus === '"default"')).toHaveLength(1);
      expect(buses.filter((bus) => bus.includes('Bus'))).toHaveLength(rules.length - 1);
    } finally {
      await named.cleanUp();
    }
  });

  it('can listen on an existing named bus without creating it', async () => {
    // Prepare
    const existing = await synthesizeExamples({
      context: { 'parcours:eventBusName': 'shop-events', 'parcours:eventBusExists': 'true' },
    });
    try {
      // Act
      const buses = [...resourcesOf(existing.template, 'AWS::Events::Rule').values()].map(
        (rule) => rule.Properties.EventBusName,
      );

      // Assess
      existing.template.resourceCountIs('AWS::Events::EventBus', 0);
      expect(buses.filter((bus) => bus === 'shop-events')).toHaveLength(buses.length - 1);
    } finally {
      await existing.cleanUp();
    }
  });
});

/**
 * The logical id of the version a deploy publishes of `fn`: the one AWS::Lambda::Version of that
 * function (CDK appends a hash of the code to its id, so it is found in the template).
 */
function publishedVersionOf(template: Synthesized['template'], fn: IConstruct): string {
  const functionId = logicalIdOf(fn);
  const found = [...resourcesOf(template, 'AWS::Lambda::Version')].filter(
    ([, version]) => JSON.stringify(version.Properties.FunctionName) === JSON.stringify({ Ref: functionId }),
  );
  const [only] = found;
  if (only === undefined || found.length > 1)
    throw new Error(`${found.length} published versions of ${functionId}`);
  return only[0];
}
