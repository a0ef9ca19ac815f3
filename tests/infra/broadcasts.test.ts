import aslValidator from 'asl-validator';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isClockTrigger } from '../../language/trigger-kind.ts';
import {
  broadcastPlaceholder,
  compileBroadcast,
} from '../../state-machines/compiler/broadcast-definition.ts';
import { inlineSendOf } from '../../state-machines/compiler/inline-send.ts';
import { placeholder } from '../../state-machines/compiler/resources.ts';
import { compileSweep, SWEEP_SUBSTITUTION } from '../../state-machines/compiler/sweep-definition.ts';
import { logicalIdOf, resourcesOf, type Synthesized, synthesizeExamples } from './synth.ts';

let synth: Synthesized;

/** The definition CloudFormation receives for a state machine, and its substitutions. */
function deployedDefinition(machine: IConstruct): { definition: unknown; substitutions: string[] } {
  const resource = resourcesOf(synth.template, 'AWS::StepFunctions::StateMachine').get(logicalIdOf(machine));
  const deployed = z
    .object({ DefinitionString: z.string(), DefinitionSubstitutions: z.record(z.string(), z.unknown()) })
    .parse(resource?.Properties);
  return {
    definition: JSON.parse(deployed.DefinitionString),
    substitutions: Object.keys(deployed.DefinitionSubstitutions).sort(),
  };
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`no ${what}`);
  return value;
}
beforeAll(async () => {
  synth = await synthesizeExamples();
});
afterAll(() => synth.cleanUp());

const ScheduleProperties = z.object({
  ScheduleExpression: z.string(),
  ScheduleExpressionTimezone: z.string(),
  FlexibleTimeWindow: z.object({ Mode: z.string() }),
  Target: z.object({
    Arn: z.unknown(),
    RoleArn: z.unknown(),
    Input: z.string(),
    RetryPolicy: z.object({ MaximumEventAgeInSeconds: z.number(), MaximumRetryAttempts: z.number() }),
    DeadLetterConfig: z.object({ Arn: z.unknown() }),
  }),
});

describe('broadcasts in the stack', () => {
  it('creates one Scheduler schedule per clock-started scenario, in its zone, starting its broadcast', () => {
    // Prepare
    const { stack, template, deployment } = synth;
    const clocked = deployment.scenarios.filter(({ scenario }) => isClockTrigger(scenario.trigger));

    // Act
    const schedules = [...resourcesOf(template, 'AWS::Scheduler::Schedule').entries()].map(
      ([id, resource]) => ({
        id,
        ...ScheduleProperties.parse(resource.Properties),
      }),
    );

    // Assess
    // One per broadcast, and the segment sweep's.
    expect(schedules).toHaveLength(clocked.length + 1);
    const newsletter = schedules.find(
      ({ id }) => id === logicalIdOf(found(stack.broadcasts.schedules.get('monthly-newsletter'), 'schedule')),
    );
    // First Monday at 10:00 in each customer's zone begins at 10:00 in UTC+14.
    expect(newsletter).toMatchObject({
      ScheduleExpression: 'cron(0 10 ? * MON#1 *)',
      ScheduleExpressionTimezone: 'Etc/GMT-14',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
    expect(JSON.parse(newsletter?.Target.Input ?? '{}')).toEqual({
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
    expect(newsletter?.Target.Arn).toEqual({
      Ref: logicalIdOf(found(stack.broadcasts.stateMachines.get('monthly-newsletter'), 'state machine')),
    });
    // Throttled or failed starts are retried for a day, then kept in a queue.
    expect(newsletter?.Target.RetryPolicy).toEqual({
      MaximumEventAgeInSeconds: 86_400,
      MaximumRetryAttempts: 185,
    });
  });

  it('sweeps the segments daily at 09:00 in the project’s zone, through a Map over the scan segments', () => {
    // Prepare
    const { stack, template, deployment } = synth;
    const sweep = found(stack.sweep, 'segment sweep');

    // Act
    const schedule = ScheduleProperties.parse(
      resourcesOf(template, 'AWS::Scheduler::Schedule').get(logicalIdOf(sweep.scheduled.schedule))
        ?.Properties,
    );

    // Assess
    expect(schedule).toMatchObject({
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: deployment.project.config['time-zone'],
    });
    expect(schedule.Target.Arn).toEqual({ Ref: logicalIdOf(sweep.scheduled.stateMachine) });
    // The deployed definition is the compiled one: a Map over the scan segments.
    const deployed = deployedDefinition(sweep.scheduled.stateMachine);
    expect(deployed.definition).toEqual(compileSweep());
    expect(deployed.substitutions).toEqual([SWEEP_SUBSTITUTION]);
    expect(compileSweep().States['Sweep the customers']).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.segments',
    });
    const substituted = JSON.parse(
      JSON.stringify(deployed.definition).replace(
        placeholder(SWEEP_SUBSTITUTION),
        'arn:aws:lambda:eu-west-1:123456789012:function:sweep',
      ),
    );
    const validation = aslValidator(substituted);
    expect(validation.isValid, validation.errorsText('\n')).toBe(true);
  });

  it('deploys the compiled broadcast: a Distributed Map over the wave file, batched, Standard children', () => {
    // Act
    const deployed = deployedDefinition(
      found(synth.stack.broadcasts.stateMachines.get('monthly-newsletter'), 'state machine'),
    );

    // Assess: the definition CloudFormation receives is the compiled one, its placeholders filled.
    expect(deployed.definition).toEqual(compileBroadcast('monthly-newsletter'));
    expect(deployed.substitutions).toEqual(['AudienceBucket', 'AudienceFunctionArn', 'DeliverFunctionArn']);
    const substituted = JSON.parse(
      JSON.stringify(deployed.definition)
        .replace(/\$\{(Audience|Deliver)FunctionArn\}/g, 'arn:aws:lambda:eu-west-1:123456789012:function:$1')
        .replace(broadcastPlaceholder('bucket'), 'parcours-audiences'),
    );
    const validation = aslValidator(substituted);
    expect(validation.isValid, validation.errorsText('\n')).toBe(true);
    expect(compileBroadcast('monthly-newsletter').States['Deliver the wave']).toMatchObject({
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL' } },
      ItemBatcher: { MaxItemsPerBatch: 100 },
      MaxConcurrencyPath: '$.plan.concurrency',
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
    });
  });

  it('makes a newsletter’s one send in the batch, and starts a state machine for a longer journey', () => {
    const byId = new Map(synth.deployment.scenarios.map((scenario) => [scenario.scenario.id, scenario]));
    expect(inlineSendOf(found(byId.get('monthly-newsletter'), 'newsletter').compiled.definition)).toEqual({
      step: 'newsletter',
      channel: 'email',
      template: 'monthly-newsletter',
      category: 'marketing',
      topic: 'engagement',
    });
    expect(inlineSendOf(found(byId.get('win-back'), 'win-back').compiled.definition)).toBeUndefined();
  });
});
