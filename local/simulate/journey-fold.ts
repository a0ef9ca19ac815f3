import type { OutcomeFact } from '../../shared/outcomes/outcome-fact.ts';
import type { SimulatedJourney } from './simulation-report.ts';

type Folded = { entry?: SimulatedJourney; variants: Record<string, string>; conversion?: OutcomeFact };

/**
 * Each journey of a simulation from its facts (entry, split assignments, first conversion),
 * folded as the facts come, so the facts themselves need not be kept: a backtest of a million
 * journeys writes some two and a half million.
 */
export class JourneyFold {
  private readonly byExecution = new Map<string, Folded>();

  add(fact: OutcomeFact): void {
    if (fact.execution === undefined) return;
    if (fact.kind !== 'entry' && fact.kind !== 'variant' && fact.kind !== 'conversion') return;
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
    if (fact.kind === 'conversion' && folded.conversion === undefined) folded.conversion = fact;
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
