import * as z from 'zod/mini';
import { FactGroup, type FactKind, type OutcomeFact } from '../../shared/outcomes/outcome-fact.ts';
import type { SimulatedJourney } from './simulation-report.ts';

/** The kinds of fact a journey of the report is made of. */
const JourneyFactKind = z.enum(['entry', 'variant', 'conversion']);
type JourneyFactKind = z.infer<typeof JourneyFactKind>;
const JOURNEY_FACT_KINDS: ReadonlySet<FactKind> = new Set(JourneyFactKind.options);

/**
 * What the fold reads of an outcome fact: a shard writes these to a file of their own (see
 * ShardFacts), about a third of its facts with a third of their fields, which the report reads
 * back once the workers are gone.
 */
export const JourneyFact = z.object({
  kind: JourneyFactKind,
  execution: z.string(),
  profile_id: z.string(),
  scenario: z.string(),
  occurred_at: z.string(),
  grp: z.optional(FactGroup),
  step: z.optional(z.string()),
  variant: z.optional(z.string()),
  value: z.optional(z.number()),
  currency: z.optional(z.string()),
});
export type JourneyFact = z.infer<typeof JourneyFact>;

/**
 * The fact as the fold reads it (the schema keeps only its fields), or undefined when no journey
 * of the report is made of it.
 */
export function journeyFactOf(fact: OutcomeFact): JourneyFact | undefined {
  if (fact.execution === undefined || !isJourneyFactKind(fact.kind)) return undefined;
  return JourneyFact.parse(fact);
}

function isJourneyFactKind(kind: FactKind): kind is JourneyFactKind {
  return JOURNEY_FACT_KINDS.has(kind);
}

type Folded = { entry?: SimulatedJourney; variants: Record<string, string>; conversion?: JourneyFact };

/**
 * Each journey of a simulation from its facts (entry, split assignments, first conversion),
 * folded as the report reads them, so the facts themselves need not be kept: a backtest of a
 * million journeys writes some two and a half million. The first conversion is the first in a
 * shard's file, which holds its facts in the order they came.
 */
export class JourneyFold {
  private readonly byExecution = new Map<string, Folded>();

  add(fact: JourneyFact): void {
    let folded = this.byExecution.get(fact.execution);
    if (folded === undefined) {
      folded = { variants: {} };
      this.byExecution.set(fact.execution, folded);
    }
    if (fact.kind === 'entry' && fact.grp !== undefined)
      folded.entry = {
        profileId: fact.profile_id,
        scenario: fact.scenario,
        execution: fact.execution,
        enteredAt: fact.occurred_at,
        group: fact.grp,
        variants: {},
      };
    if (fact.kind === 'variant' && fact.step !== undefined && fact.variant !== undefined)
      folded.variants[fact.step] = fact.variant;
    // The earliest goal event converts, as the reports read it (facts.sql): an earlier one found
    // later writes the journey's conversion again with its own time.
    if (
      fact.kind === 'conversion' &&
      (folded.conversion === undefined || fact.occurred_at < folded.conversion.occurred_at)
    )
      folded.conversion = fact;
  }

  /** The journeys that entered (a fact without its entry names no journey), in no set order. */
  journeys(): SimulatedJourney[] {
    const journeys: SimulatedJourney[] = [];
    for (const { entry, variants, conversion } of this.byExecution.values()) {
      if (entry === undefined) continue;
      journeys.push({
        ...entry,
        variants,
        ...(conversion === undefined
          ? {}
          : {
              convertedAt: conversion.occurred_at,
              ...(conversion.value === undefined ? {} : { value: conversion.value }),
              ...(conversion.currency === undefined ? {} : { currency: conversion.currency }),
            }),
      });
    }
    return journeys;
  }
}
