import type { EntryOutcomeRecord } from '../../shared/journeys/entry-outcomes.ts';
import type { EntrySkipReason } from '../../shared/journeys/start-journey.ts';
import type { FactGroup } from '../../shared/outcomes/outcome-fact.ts';

/** Said when an outcome carries no detail of its own. */
const SKIP_TEXT: Readonly<Record<EntrySkipReason, string>> = {
  'not-eligible': 'entry condition not met',
  'missing-journey-key': 'the event has no journey key',
  'already-entered': 'already entered (entry.reentry: never)',
  'reentry-too-soon': 'entered too recently (entry.reentry.after)',
  'scenario-filtered': 'left out of this run (simulate --scenario)',
  unreachable: 'not reachable on the broadcast channel',
  'input-too-large': 'the event fields its conditions read are too large to start a journey with',
};

/** Why a trigger event did not start a journey, as recorded when ingest decided it. */
export function entrySkipText(record: Extract<EntryOutcomeRecord, { outcome: 'skipped' }>): string {
  return record.detail ?? SKIP_TEXT[record.reason];
}

const STARTED_TEXT: Readonly<Record<FactGroup, string>> = {
  treatment: 'started',
  holdout: 'started (held out: measured, sent nothing)',
  'global-control': 'started (global control group: measured, sent no marketing message)',
};

/**
 * What a trigger event did for a scenario, read from the recorded outcome, in the same words in
 * the dev log and `parcours trace`: "started", or why not.
 */
export function entryOutcomeText(record: EntryOutcomeRecord): string {
  switch (record.outcome) {
    case 'started':
      return STARTED_TEXT[record.group];
    case 'skipped':
      return `not started: ${entrySkipText(record)}`;
    case 'failed':
      return `failed to start, retried: ${record.error}`;
  }
}
