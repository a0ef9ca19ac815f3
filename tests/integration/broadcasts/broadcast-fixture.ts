import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import { LAMBDA_MAX_MS } from '../../../local/platform/local-functions.ts';
import { Activity } from '../../../local/runtime/activity.ts';
import { ExecutionRunner } from '../../../local/runtime/execution-runner.ts';
import { localFunctionArn } from '../../../local/runtime/local-definition.ts';
import { VirtualTime } from '../../../local/runtime/time.ts';
import { SesEmailChannel } from '../../../shared/channels/ses-email.ts';
import type { Clock } from '../../../shared/clock/clock.ts';
import type { OutcomeSink } from '../../../shared/outcomes/outcome-fact.ts';
import type { SendDeps } from '../../../shared/send/send-context.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import {
  compileBroadcast,
  substituteBroadcast,
} from '../../../state-machines/compiler/broadcast-definition.ts';

/**
 * The send step's dependencies for a broadcast test: the real SES channel over an SES client the
 * test mocks (aws-sdk-client-mock's `mockClient(SESv2Client)`), SMS and push unused.
 */
export function broadcastSendDeps(
  store: ItemStore,
  bundle: RuntimeBundle,
  clock: Clock,
  facts: OutcomeSink,
): SendDeps {
  return {
    store,
    bundle,
    clock,
    facts,
    channels: {
      email: new SesEmailChannel(new SESv2Client({ region: 'eu-west-1' })),
      sms: { send: async () => ({ messageId: 'unused' }) },
      push: { send: async () => ({ messageId: 'unused', invalidTokens: [] }) },
    },
    unsubscribe: {
      baseUrl: 'https://unsubscribe.example/',
      secrets: ['a-local-secret-of-at-least-thirty-two-characters'],
    },
  };
}

/**
 * A scenario's broadcast definition on the local engine, which retries as AWS does (at once), its
 * audience Task answered by `audience` (deliver unused), started for the occurrence beginning at
 * `scheduledTime`: the execution's record and every input the audience function was given.
 */
export async function runBroadcastLocally(
  scenario: string,
  scheduledTime: string,
  audience: (input: unknown) => Promise<unknown>,
) {
  const invocations: unknown[] = [];
  const arns = {
    audience: localFunctionArn('audience'),
    deliver: localFunctionArn('deliver'),
    bucket: 'local-audiences',
  };
  const runner = new ExecutionRunner({
    time: new VirtualTime(new Date(scheduledTime)),
    activity: new Activity(true),
    functions: {
      [arns.audience]: (input) => {
        invocations.push(input);
        return audience(input);
      },
    },
  });
  const machine = {
    id: scenario,
    definition: substituteBroadcast(compileBroadcast(scenario), arns),
    outcomes: {},
  };
  const record = await runner.start(machine, 'occurrence', { scheduledTime });
  return { record, invocations };
}

/** The time an audience function's invocation has before it starts: the whole of Lambda's. */
export const WHOLE_INVOCATION = () => LAMBDA_MAX_MS;
