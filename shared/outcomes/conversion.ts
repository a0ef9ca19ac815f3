import { durationSeconds } from '../../language/duration.ts';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import type { Goal } from '../../language/scenario.ts';
import { PARCOURS_SOURCES } from '../../language/sources.ts';
import { findScenario } from '../config/scenario-of.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { matchesPattern } from '../events/pattern-match.ts';
import { type JourneyRecord, journeyOf, markConverted } from '../journeys/journey-store.ts';
import { scenarioGoal } from '../journeys/scenario-goal.ts';
import { ledgerOf } from '../ledger/ledger-store.ts';
import { valueAt } from '../store/field-path.ts';
import type { ItemStore } from '../store/item-store.ts';
import { conversionFact, type Revenue, type Touch } from './facts.ts';
import type { OutcomeFact, OutcomeSink } from './outcome-fact.ts';

export type ConversionDeps = {
  readonly store: ItemStore;
  readonly bundle: RuntimeBundle;
  readonly facts: OutcomeSink;
};

/**
 * What a goal event did to one journey: converted it now, found it converted already (by this
 * event, another, or a later one it now replaced), or nothing (not its goal, or outside its window).
 */
export type ConversionResult = { readonly converted: OutcomeFact } | 'already-converted' | undefined;

/**
 * Converts a journey, running, finished or held out, when the event reaches its goal within the
 * window after entry. The earliest goal event by its time counts, whatever order they arrive in
 * (an app that sends events it queued offline delivers them late): the journey is marked by one
 * event (a conditional write on the mark read), then its fact is written; an earlier event found
 * later takes the mark over and writes the fact again, with the same id and its earlier time,
 * which the reports keep (facts.sql). A redelivery of the marking event finds its own mark and
 * writes the fact again (a duplicate the reports drop), so a crash between the two loses nothing.
 */
export async function convertJourney(
  journey: JourneyRecord,
  event: EventEnvelope,
  deps: ConversionDeps,
): Promise<ConversionResult> {
  const converted = journey.convertedAt !== undefined;
  if (journey.convertedBy === event.id) {
    await writeFact(journey, event, deps);
    return 'already-converted';
  }
  if (!reachesGoal(journey, scenarioGoal(deps.bundle, journey), event))
    return converted ? 'already-converted' : undefined;
  if (journey.convertedAt !== undefined && !(Date.parse(event.time) < Date.parse(journey.convertedAt))) {
    return 'already-converted';
  }
  if (!(await markConverted(deps.store, journey, event))) {
    // Another delivery marked it since: judge again against its mark.
    // (Or a re-entry replaced it since: it is then read where it is kept.)
    const now = await journeyOf(deps.store, { ...journey, key: journey.journeyKey });
    if (now === undefined) return 'already-converted';
    // Each mark that beats this one is an event of an earlier time, so this ends.
    return (await convertJourney(now, event, deps)) ?? 'already-converted';
  }
  const fact = await writeFact(journey, event, deps);
  return converted ? 'already-converted' : { converted: fact };
}

/**
 * The goal counts from the journey's entry until the end of its window, both included. The event
 * that started the journey never converts it, even when it also matches the goal; nor does the
 * event that caused a segment transition that started it: the order that made a customer a VIP
 * converted every "welcome, VIP" journey on entry, which then sent nothing.
 */
export function reachesGoal(journey: JourneyRecord, goal: Goal | undefined, event: EventEnvelope): boolean {
  if (goal === undefined || startedBy(journey, event) || !matchesPattern(goal.event, event)) return false;
  const at = Date.parse(event.time);
  const enteredAt = Date.parse(journey.enteredAt);
  return at >= enteredAt && at <= enteredAt + durationSeconds(goal.within) * 1000;
}

function startedBy(journey: JourneyRecord, event: EventEnvelope): boolean {
  if (event.id === journey.eventId) return true;
  const { trigger } = journey;
  return trigger.source === PARCOURS_SOURCES.segments && trigger.detail.cause === event.id;
}

async function writeFact(
  journey: JourneyRecord,
  event: EventEnvelope,
  deps: ConversionDeps,
): Promise<OutcomeFact> {
  // The journey's own version: the goal it reached says where the value is, and a retired
  // scenario still names its program.
  const bundled = findScenario(deps.bundle, journey);
  const program = bundled?.scenario.program ?? 'unknown';
  const revenue = revenueOf(event, bundled?.goal, deps.bundle.config.currency);
  const touch = await lastTouch(deps.store, journey, event.time);
  const fact = conversionFact(journey, program, event, revenue, touch);
  await deps.facts.append([fact]);
  return fact;
}

/**
 * The largest value a conversion may carry: 2^53 cents, past which a number no longer holds a
 * cent exactly. An order worth more is a mistake or an attack, and one such value (a string of
 * 155 digits) made every report fail, its square overflowing the revenue's variance.
 */
export const MAX_REVENUE = 2 ** 53 / 100;

/**
 * The conversion's value, from the goal's `value` field: a finite number, or a string holding
 * one ("12.50"), at most MAX_REVENUE either way, in the currency the goal's `currency` field
 * names as a three-letter code (the project's when the event has none); anything else leaves the
 * conversion without a value rather than guessing.
 */
export function revenueOf(
  event: EventEnvelope,
  goal: Goal | undefined,
  defaultCurrency: string,
): Revenue | undefined {
  if (goal?.value === undefined) return undefined;
  const raw = valueAt(event, goal.value);
  const value =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())
        ? Number(raw)
        : NaN;
  if (!Number.isFinite(value) || Math.abs(value) > MAX_REVENUE) return undefined;
  const code = goal.currency === undefined ? undefined : valueAt(event, goal.currency);
  if (code === undefined || code === null) return { value, currency: defaultCurrency };
  // A currency the event names but not as a code ("US$", "USDT", 840) is not the project's: 100
  // USDT counted as 100 EUR of revenue and uplift.
  if (typeof code !== 'string' || !/^[a-z]{3}$/i.test(code.trim())) return undefined;
  return { value, currency: code.trim().toUpperCase() };
}

/** The journey's last message sent at or before the conversion. */
async function lastTouch(store: ItemStore, journey: JourneyRecord, time: string): Promise<Touch | undefined> {
  const at = Date.parse(time);
  const sent = (await ledgerOf(store, journey.profileId)).filter(
    (entry) =>
      entry.execution === journey.execution && entry.outcome === 'sent' && Date.parse(entry.at) <= at,
  );
  const last = sent.at(-1);
  return last === undefined ? undefined : { step: last.step, channel: last.channel };
}
