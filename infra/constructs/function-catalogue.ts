import type { StepFunction } from '../../state-machines/compiler/resources.ts';

/** Every Parcours Lambda, named by its folder under functions/. */
export const FUNCTION_NAMES = [
  'ingest',
  'delivery-events',
  'check',
  'schedule',
  'send',
  'wait-for',
  'update-profile',
  'emit',
  'webhook',
  'unsubscribe',
  'audience',
  'deliver',
  'sweep',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The folder of each function a state machine Task calls, keyed as the compiler's placeholders. */
export const STEP_FUNCTION_FOLDERS: Readonly<Record<StepFunction, FunctionName>> = {
  send: 'send',
  check: 'check',
  schedule: 'schedule',
  waitFor: 'wait-for',
  updateProfile: 'update-profile',
  emit: 'emit',
  webhook: 'webhook',
};

export type TableAction = 'GetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Scan';

/** Every step first checks the goal (journey GetItem, events Query, UpdateItem to mark it converted). */
const STEP: readonly TableAction[] = ['GetItem', 'Query', 'UpdateItem'];
const EVERY_WRITE: readonly TableAction[] = ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'];

/**
 * The table operations each function's code performs, read from the stores it calls
 * (the `…-store.ts` modules of shared/): least privilege is granting exactly these. tests/infra checks that no
 * grant names an operation the function's bundle cannot even reach.
 */
export const TABLE_ACCESS: Readonly<Record<FunctionName, readonly TableAction[]>> = {
  // Events, profiles, aggregates, journeys (converted, entered), waits (claim, release, delete), rejected
  // events, entry outcomes.
  ingest: EVERY_WRITE,
  // Suppressions (PutItem), then the same ingestion as ingest.
  'delivery-events': EVERY_WRITE,
  check: STEP,
  schedule: STEP,
  // The ledger claim, outcome and release, caps, suppressions.
  send: EVERY_WRITE,
  // registerWait (PutItem) and takeWait (conditional DeleteItem) around the goal check.
  'wait-for': EVERY_WRITE,
  // updateProfile reads the profile consistently and writes it back with a version condition.
  'update-profile': ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
  emit: STEP,
  webhook: STEP,
  // The endpoint only publishes a subscription.changed event: ingest applies it.
  unsubscribe: [],
  // The parallel scan of the profiles, and each member's aggregates for a segment's condition.
  audience: ['Scan', 'GetItem', 'Query'],
  // Entry (journeys, entry outcomes) and, for a newsletter, the send (ledger, caps).
  deliver: EVERY_WRITE,
  // Its scan segment of the profiles, then what ingest does with each transition.
  sweep: [...EVERY_WRITE, 'Scan'],
};

/** Functions that parse the runtime bundle at cold start (all but the unsubscribe endpoint). */
export function readsRuntimeBundle(name: FunctionName): boolean {
  return name !== 'unsubscribe';
}

/** How each function is invoked, which decides where its failures go. */
export type Invocation = 'event rule' | 'state machine' | 'function URL';

export const INVOCATION: Readonly<Record<FunctionName, Invocation>> = {
  ingest: 'event rule',
  'delivery-events': 'event rule',
  check: 'state machine',
  schedule: 'state machine',
  send: 'state machine',
  'wait-for': 'state machine',
  'update-profile': 'state machine',
  emit: 'state machine',
  webhook: 'state machine',
  unsubscribe: 'function URL',
  audience: 'state machine',
  deliver: 'state machine',
  sweep: 'state machine',
};
