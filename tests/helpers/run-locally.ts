import '../../local/engine/promise-with-resolvers.ts';
import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachine as Definition } from '../../state-machines/compiler/asl.ts';
import {
  type FunctionArns,
  STEP_FUNCTIONS,
  substituteFunctionArns,
} from '../../state-machines/compiler/resources.ts';

export type TaskHandler = (input: Record<string, unknown>) => unknown;
export type TaskCall = { state: string; input: Record<string, unknown> };

const LOCAL_ARNS = Object.fromEntries(
  STEP_FUNCTIONS.map((fn) => [fn, `arn:aws:lambda:us-east-1:000000000000:function:parcours-${fn}`]),
) as FunctionArns;

/** An error whose name Step Functions routes on, as a Lambda's errorType would be. */
export function namedError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

/**
 * Runs a compiled definition on the real local engine (aws-local-stepfunctions) with every wait
 * and every retry's backoff shortened to zero and every Task answered by `answer`, recording the
 * states entered in order.
 */
export async function runLocally(
  definition: Definition,
  input: unknown,
  answer: (call: TaskCall) => unknown,
) {
  const machine = new StateMachine(substituteFunctionArns(definition, LOCAL_ARNS) as never);
  const calls: TaskCall[] = [];
  const taskResourceLocalHandlers: Record<string, (input: never) => unknown> = {};
  const waitTimeOverrides: Record<string, number> = {};
  // As the local runtime does: a Retry's backoff passes at once, its count of attempts holds.
  const retryIntervalOverrides: Record<string, number> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Wait') waitTimeOverrides[name] = 0;
    if (state.Type === 'Task') {
      retryIntervalOverrides[name] = 0;
      taskResourceLocalHandlers[name] = (taskInput: never) => {
        const call = { state: name, input: taskInput as Record<string, unknown> };
        calls.push(call);
        return answer(call) ?? {};
      };
    }
  }
  const execution = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: taskResourceLocalHandlers as never,
      waitTimeOverrides,
      retryIntervalOverrides,
    },
    // The local engine has no .waitForTaskToken: a fixed token lets the wait-for Task run here.
    context: { Task: { Token: 'local-task-token' } } as never,
  });
  const entered: string[] = [];
  const logs = (async () => {
    for await (const event of execution.eventLogs)
      if (event.type === 'StateEntered') entered.push(event.state.name);
  })();
  const output = await execution.result;
  await logs;
  return { output, calls, entered, lastState: entered.at(-1) };
}
