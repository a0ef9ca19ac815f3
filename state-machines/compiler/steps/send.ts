import { ERRORS } from '../resources.ts';
import { type NodeOf, type StepContext, variantParameter } from './step-context.ts';

/**
 * A send Task. A marketing message on a channel with quiet hours catches the quiet-hours error
 * and waits, through a Schedule Task and a Wait, for them to end before trying again.
 */
export function compileSend(node: NodeOf<'send'>, { next, variant, builder }: StepContext): string {
  const { send: channel, template, category, topic, from } = node.step;
  const parameters = {
    channel,
    template,
    category,
    topic: topic ?? builder.input.scenario.program,
    ...(from === undefined ? {} : { from }),
    ...variantParameter(variant),
  };
  const catches = [...builder.goalCatch()];
  if (category === 'marketing' && builder.quietChannels.has(channel)) {
    const resume = builder.add(`${node.name}: quiet hours`, {
      Type: 'Wait',
      TimestampPath: '$.wake.at',
      Next: node.name,
    });
    const schedule = builder.add(
      `Schedule ${node.name} after quiet hours`,
      builder.task('schedule', node, { quietHours: channel }, resume, {
        resultPath: '$.wake',
        catches: builder.goalCatch(),
      }),
    );
    catches.push({ ErrorEquals: [ERRORS.quietHours], ResultPath: null, Next: schedule });
  }
  return builder.add(node.name, builder.task('send', node, parameters, next, { catches }));
}
