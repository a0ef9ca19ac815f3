import { randomUUID } from 'node:crypto';
import { reserveCap } from '../caps/frequency-caps.ts';
import { loadCustomerContext } from '../conditions/customer-context.ts';
import { scenarioOf } from '../config/scenario-of.ts';
import { isSuppressedOn } from '../consent/suppression-store.ts';
import { journeyStatus } from '../journeys/goal.ts';
import { ConvertedError, QuietHoursError } from '../journeys/journey-errors.ts';
import type { LedgerRecord } from '../ledger/ledger-record.ts';
import {
  claimSend,
  findOutcome,
  recordDeferral,
  recordOutcome,
  releaseClaim,
} from '../ledger/ledger-store.ts';
import { messageFact } from '../outcomes/facts.ts';
import { inGlobalControl } from '../outcomes/placement.ts';
import { sendClaimed } from './claimed-send.ts';
import { resultOf, settledNow, settleExisting } from './existing-outcome.ts';
import type { SendContext, SendDeps } from './send-context.ts';
import { decideSend } from './send-decision.ts';
import { routable } from './send-errors.ts';
import type { SendInput, SendResult } from './send-input.ts';

/**
 * Sends one step's message, obeying in order: the goal (converted journeys send nothing more),
 * consent and suppression, quiet hours (thrown, so the state machine waits), frequency caps,
 * exactly-once delivery, rendering, delivery. Every outcome is written to the send ledger.
 *
 * Exactly once or uncertain: a claim is written before anything is sent and marked before the
 * provider is called, so a retry, whatever point the previous attempt died at, either sends a
 * message that was never handed to the provider, or finds the step settled, or records it as
 * uncertain; it never sends a message the provider may already have taken. Any error is thrown
 * under a name the state machine retries (send-errors.ts), since a retry is safe at every point.
 */
export async function sendStep(input: SendInput, deps: SendDeps): Promise<SendResult> {
  try {
    const context = contextOf(input, deps);
    const settled = await decideAndSend(context);
    await writeFact(context, settled);
    return resultOf(settled);
  } catch (error) {
    throw routable(error);
  }
}

/**
 * After the ledger holds the outcome, so a crash in between is retried, finds the step settled and
 * writes the fact again (a duplicate the reports drop).
 */
async function writeFact(context: SendContext, settled: LedgerRecord): Promise<void> {
  const fact = messageFact(settled);
  if (fact !== undefined) await context.deps.facts.append([fact]);
}

function contextOf(input: SendInput, deps: SendDeps): SendContext {
  const now = deps.clock.now();
  const { journey } = input;
  const ref = { profileId: journey.profileId, execution: journey.execution, step: input.step };
  const record = (outcome: LedgerRecord['outcome'], extra: Partial<LedgerRecord> = {}): LedgerRecord => ({
    ...ref,
    scenario: journey.scenario,
    ...(input.variant === undefined ? {} : { variant: input.variant }),
    channel: input.channel,
    template: input.template,
    category: input.category,
    outcome,
    at: now.toISOString(),
    ...extra,
  });
  const context: SendContext = {
    input,
    deps,
    now,
    ref,
    capId: `${journey.execution}#${input.step}`,
    record,
    finish: async (entry) => {
      if (await recordOutcome(deps.store, entry, now)) {
        deps.observe?.(entry);
        return entry;
      }
      return settledNow(context);
    },
  };
  return context;
}

/**
 * The effects around the pure decision (send-decision.ts): read what it is decided on, then do
 * what it says. A step already settled by an earlier attempt is settled as it was.
 */
async function decideAndSend(context: SendContext): Promise<LedgerRecord> {
  const { input, deps, now, record, finish } = context;
  const { store, bundle } = deps;
  const { journey } = input;

  const previous = await findOutcome(store, context.ref);
  const settled = previous === undefined ? undefined : await settleExisting(previous, context);
  if (settled !== undefined) return settled;

  const { scenario, goal } = scenarioOf(bundle, journey);
  const status = await journeyStatus(store, journey, goal);
  const globalControl = inGlobalControl(journey.profileId, bundle.config['global-control']);
  // A converted journey or a held-out customer needs nothing more read.
  const customer =
    status.converted || (input.category === 'marketing' && globalControl)
      ? undefined
      : await loadCustomerContext(store, bundle.config, journey.profileId, status.record?.trigger ?? {}, now);
  const decision = decideSend({
    channel: input.channel,
    category: input.category,
    topic: input.topic,
    now,
    config: bundle.config,
    converted: status.converted,
    inGlobalControl: globalControl,
    profile: customer?.profile,
    suppressed: await isSuppressedOn(store, customer?.profile, input.channel),
  });

  switch (decision.kind) {
    case 'converted':
      await writeFact(context, await finish(record('skipped', { reason: 'converted' })));
      throw new ConvertedError();
    case 'skip':
      return finish(record('skipped', { reason: decision.reason }));
    case 'defer': {
      const deferral = record('deferred', {
        reason: 'quiet-hours-deferred',
        until: decision.until.toISOString(),
      });
      await recordDeferral(store, deferral, now);
      deps.observe?.(deferral);
      throw new QuietHoursError(decision.until);
    }
    case 'send':
      break;
  }
  if (customer === undefined) throw new Error('a send was decided without reading the customer');

  if (decision.withinCaps) {
    const cap = await reserveCap(store, {
      profileId: journey.profileId,
      channel: input.channel,
      id: context.capId,
      caps: bundle.config.caps,
      now,
    });
    if (!cap.allowed) return finish(record('skipped', { reason: 'capped' }));
  }

  const claimId = randomUUID();
  const claim = await claimSend(store, record('sending'), claimId, now).catch(async (error: unknown) => {
    // The claim may have been written with its answer lost: give it back, so the retry need not
    // wait for it to turn stale. Best effort; a stale claim is taken over anyway.
    await releaseClaim(store, { ref: context.ref, claimId }).catch(() => undefined);
    throw error;
  });
  if (claim === undefined) return settledNow(context);
  return sendClaimed(context, claim, {
    address: decision.address,
    customer,
    trigger: status.record?.trigger ?? {},
    program: scenario.program,
  });
}
