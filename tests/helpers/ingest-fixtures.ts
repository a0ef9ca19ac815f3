import { randomUUID } from 'node:crypto';
import { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { PARCOURS_SOURCES } from '../../language/sources.ts';
import type { EventEnvelope } from '../../shared/events/envelope.ts';
import type { JourneyRef } from '../../shared/journeys/journey-input.ts';
import { recordEntry } from '../../shared/journeys/journey-store.ts';
import { memorySink } from '../../shared/outcomes/outcome-fact.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';

/** The source ingestBundle trusts with consent and contact data. */
export const TRUSTED_APP = 'app';

/**
 * A small deployment for ingest tests: aggregates over orders and app opens, a cart scenario whose
 * goal is an order within 7 days and which waits for the app to be opened, and a scenario without
 * a goal that waits for an email to be opened.
 */
export function ingestBundle(): RuntimeBundle {
  const manifest = (scenario: string) => ({
    scenario,
    buckets: [],
    outcomes: {},
    stepStates: {},
    emits: {},
    defaultLabels: {},
    assignments: { splits: [] },
    version: `${scenario}-v1`,
    // What the compiler gives these scenarios: no branch reads the event, no journey key.
    eventFields: [],
  });
  const goal = { event: { source: ['shop'], 'detail-type': ['order.placed'] }, within: '7d' };
  return RuntimeBundle.parse({
    config: {
      'trusted-sources': [TRUSTED_APP, PARCOURS_SOURCES.unsubscribe],
      aggregates: {
        orders_count: { on: { 'detail-type': ['order.placed'] }, type: 'count' },
        revenue: { on: { 'detail-type': ['order.placed'] }, type: 'sum', field: 'detail.total' },
        product_purchased_at: {
          on: { 'detail-type': ['order.placed'] },
          type: 'last-at',
          per: 'detail.items.productId',
        },
        app_opens: { on: { 'detail-type': ['app.opened'] }, type: 'count' },
      },
    },
    programs: {
      programs: {
        conversion: { name: 'Conversion', objective: 'Recover carts', goal, target: 15 },
      },
    },
    scenarios: {
      cart: {
        scenario: {
          id: 'cart',
          name: 'Cart',
          program: 'conversion',
          stage: 'purchase',
          trigger: { 'detail-type': ['cart.updated'] },
          goal,
          steps: [{ id: 'opened', 'wait-for': { event: { 'detail-type': ['app.opened'] }, timeout: '2d' } }],
        },
        goal,
        manifest: manifest('cart'),
      },
      welcome: {
        scenario: {
          id: 'welcome',
          name: 'Welcome',
          program: 'conversion',
          stage: 'onboarding',
          trigger: { 'detail-type': ['account.created'] },
          steps: [
            {
              id: 'read-welcome',
              'wait-for': { event: { 'detail-type': ['email.opened'] }, timeout: '1d' },
            },
          ],
        },
        manifest: manifest('welcome'),
      },
    },
    templates: {},
  });
}

/** A profile id no other test uses, so tests can share one table. */
export function freshProfileId(): string {
  return `profile-${randomUUID()}`;
}

export function appEvent(
  profileId: string,
  detailType: string,
  time: string,
  detail: Record<string, unknown> = {},
  source = 'shop',
): EventEnvelope {
  return { id: randomUUID(), source, 'detail-type': detailType, time, detail: { ...detail, profileId } };
}

/** Enters the customer into a scenario the way the entry function does, and returns the journey. */
export async function enterJourney(
  store: ItemStore,
  profileId: string,
  scenario: string,
  enteredAt: string,
): Promise<JourneyRef> {
  const trigger = appEvent(profileId, 'cart.updated', enteredAt, { cartId: 'cart-1' });
  const journey: JourneyRef = {
    scenario,
    profileId,
    key: 'cart-1',
    execution: `${profileId}_${scenario}_${randomUUID().slice(0, 8)}`,
    eventId: trigger.id,
    enteredAt,
  };
  const entry = await recordEntry(
    store,
    {
      scenario,
      profileId,
      journeyKey: journey.key,
      execution: journey.execution,
      eventId: trigger.id,
      enteredAt,
      group: 'treatment',
      variants: {},
      trigger,
    },
    'never',
    new Date(enteredAt),
  );
  if (!entry.entered) throw new Error(`could not enter ${profileId} into ${scenario}: ${entry.reason}`);
  return journey;
}

export type TaskCall =
  | { kind: 'resume'; token: string; output: object }
  | { kind: 'fail'; token: string; error: string; cause: string };

/**
 * Step Functions stand-in: records every SendTaskSuccess and SendTaskFailure, and the outcome facts
 * written meanwhile.
 */
export function recordingTasks(): {
  calls: TaskCall[];
  resumeTask: (token: string, output: object) => Promise<void>;
  failTask: (token: string, error: string, cause: string) => Promise<void>;
  facts: ReturnType<typeof memorySink>;
} {
  const calls: TaskCall[] = [];
  return {
    calls,
    facts: memorySink(),
    resumeTask: async (token, output) => {
      calls.push({ kind: 'resume', token, output });
    },
    failTask: async (token, error, cause) => {
      calls.push({ kind: 'fail', token, error, cause });
    },
  };
}
