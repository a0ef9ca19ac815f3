import { durationSeconds } from '../../../language/duration.ts';
import { EVENT_PATH } from '../choice-rules.ts';
import type { NodeOf, StepContext } from './step-context.ts';

/**
 * A fixed wait is a Wait state; a wait whose time depends on the profile or the event is a
 * Schedule Task that computes the time, then a Wait on it.
 */
export function compileWait(node: NodeOf<'wait'>, { next, builder }: StepContext): string {
  const wait = node.step.wait;
  if (typeof wait === 'string')
    return builder.add(node.name, {
      Type: 'Wait',
      Seconds: durationSeconds(wait),
      ...builder.transition(next),
    });
  const waitState = builder.add(node.name, {
    Type: 'Wait',
    TimestampPath: '$.wake.at',
    ...builder.transition(next),
  });
  return builder.add(
    `Schedule ${node.name.replace(/^Wait /, '')}`,
    builder.task('schedule', node, { wait, 'event.$': EVENT_PATH }, waitState, {
      resultPath: '$.wake',
      catches: [...builder.goalCatch(), ...builder.datePassedCatch(node.name, wait)],
    }),
  );
}
