import type { StateMachine } from './asl.ts';
import { placeholder, RETRY_TRANSIENT } from './resources.ts';

/** The placeholder of the sweep function, which the CDK app and the local runtime fill. */
export const SWEEP_SUBSTITUTION = 'SweepFunctionArn';

/**
 * Segments of the sweep's parallel scan: a million customers make about 16,000 a segment, a few
 * minutes of one function, well within its 15.
 */
const SWEEP_SEGMENTS = 64;
/** Segments swept at once: DynamoDB on demand takes it, and the account's Lambda concurrency too. */
const SWEEP_CONCURRENCY = 16;

/**
 * The daily segment sweep: EventBridge Scheduler starts it at SWEEP_AT in the project's zone with
 * `{ "scheduledTime": … }`, and an inline Map sweeps the segments of a parallel scan of the
 * customers, a function call each, retried as any step for hours. Sweeping a customer again the
 * same day changes nothing, so a retried segment only finishes what was left.
 */
export function compileSweep(): StateMachine {
  return {
    Comment: 'Parcours daily segment sweep: segments that move with time alone',
    StartAt: 'Scan segments',
    States: {
      'Scan segments': {
        Type: 'Pass',
        Parameters: {
          'scheduledTime.$': '$.scheduledTime',
          'segments.$': `States.ArrayRange(0, ${SWEEP_SEGMENTS - 1}, 1)`,
        },
        Next: 'Sweep the customers',
      },
      'Sweep the customers': {
        Type: 'Map',
        ItemsPath: '$.segments',
        ItemSelector: {
          'segment.$': '$$.Map.Item.Value',
          segments: SWEEP_SEGMENTS,
          'scheduledTime.$': '$.scheduledTime',
        },
        MaxConcurrency: SWEEP_CONCURRENCY,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Sweep a segment',
          States: {
            'Sweep a segment': {
              Type: 'Task',
              Resource: placeholder(SWEEP_SUBSTITUTION),
              Parameters: {
                'segment.$': '$.segment',
                'segments.$': '$.segments',
                'scheduledTime.$': '$.scheduledTime',
              },
              ResultPath: null,
              Retry: RETRY_TRANSIENT,
              End: true,
            },
          },
        },
        ResultPath: null,
        End: true,
      },
    },
  };
}
