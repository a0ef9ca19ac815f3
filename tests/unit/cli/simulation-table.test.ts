import { describe, expect, it } from 'vitest';
import { simulationTableLines } from '../../../cli/commands/simulation-table.ts';
import { buildReport, type SimulationInput } from '../../../local/simulate/simulation-report.ts';
import type { EntryOutcomeRecord } from '../../../shared/journeys/entry-outcomes.ts';
import type { EntryOutcome } from '../../../shared/journeys/start-journey.ts';

const simulationTable = (report: Parameters<typeof simulationTableLines>[0]) =>
  simulationTableLines(report).join('\n');

const FROM = new Date('2026-11-02T08:00:00Z');
const UNTIL = new Date('2026-11-09T08:00:00Z');
const NO_OUTCOMES = { since: FROM.toISOString(), currency: 'EUR', programs: [], scenarios: [] };

function input(entryOutcomes: readonly EntryOutcomeRecord[]): SimulationInput {
  return {
    from: FROM,
    until: UNTIL,
    messages: [],
    skips: [],
    executions: [],
    journeys: [],
    ingested: entryOutcomes.length,
    entryOutcomes,
  };
}

function outcome(
  profileId: string,
  eventTime: string,
  scenario: string,
  result: EntryOutcome,
): EntryOutcomeRecord {
  return {
    profileId,
    eventId: `e-${profileId}-${scenario}`,
    scenario,
    eventType: 'cart.updated',
    eventTime,
    decidedAt: eventTime,
    ...result,
  };
}

const STARTED: EntryOutcome = { outcome: 'started', execution: 'x-ana', group: 'treatment' };

describe('simulate: who was refused at entry, and why', () => {
  it('lists each refused or failed entry in trigger order with its reason, and only counts those --scenario left out', () => {
    // Prepare
    const records = [
      outcome('ben', '2026-11-03T10:00:00.000Z', 'abandoned-cart', {
        outcome: 'skipped',
        reason: 'already-entered',
        detail: 'already entered for c-2001 (entry.reentry: never)',
      }),
      outcome('ana', '2026-11-02T09:00:00.000Z', 'abandoned-cart', STARTED),
      outcome('eve', '2026-11-02T12:00:00.000Z', 'win-back', { outcome: 'failed', error: 'store down' }),
      outcome('ana', '2026-11-02T09:00:00.000Z', 'win-back', {
        outcome: 'skipped',
        reason: 'scenario-filtered',
      }),
      outcome('dan', '2026-11-02T11:00:00.000Z', 'abandoned-cart', {
        outcome: 'skipped',
        reason: 'already-entered',
      }),
    ];

    // Act
    const report = buildReport(input(records), NO_OUTCOMES);
    const text = simulationTable(report);

    // Assess
    expect(report.refusals?.map(({ profileId, reason }) => `${profileId} ${reason}`)).toEqual([
      'dan already-entered',
      'eve failed',
      'ben already-entered',
    ]);
    expect(report.leftOut).toBe(1);
    const section = text.slice(text.indexOf('Not started'), text.indexOf('Journeys'));
    expect(section.trim().split('\n')).toEqual([
      'Not started (3)',
      '  2026-11-02T11:00:00.000Z  dan            abandoned-cart  cart.updated: already entered (entry.reentry: never)',
      '  2026-11-02T12:00:00.000Z  eve            win-back  cart.updated: failed to start: store down',
      '  2026-11-03T10:00:00.000Z  ben            abandoned-cart  cart.updated: already entered for c-2001 (entry.reentry: never)',
      '  and 1 trigger of scenarios --scenario left out',
    ]);
  });

  it('says none were refused when every trigger started a journey', () => {
    // Act
    const text = simulationTable(
      buildReport(
        input([outcome('ana', '2026-11-02T09:00:00.000Z', 'abandoned-cart', STARTED)]),
        NO_OUTCOMES,
      ),
    );

    // Assess
    expect(text).toContain('Not started (0)\n\nJourneys');
  });
});

describe('simulate: the messages', () => {
  it('line up the customer column whatever the channel, a webhook included', () => {
    // Prepare
    const message = (channel: 'email' | 'webhook', to: string) => ({
      time: '2026-11-02T09:00:00.000Z',
      channel,
      profileId: 'mia',
      scenario: 'saas-onboarding',
      step: 'welcome',
      to,
      subject: 'Welcome',
      body: 'Welcome, Mia',
    });
    const report = buildReport(
      {
        ...input([]),
        messages: [message('email', 'mia@example.com'), message('webhook', 'https://crm.example.com/hooks')],
      },
      NO_OUTCOMES,
    );

    // Act
    const lines = simulationTableLines(report).filter((line) => line.includes('saas-onboarding/welcome'));

    // Assess
    expect(lines.map((line) => line.indexOf(' mia '))).toEqual([
      '  2026-11-02T09:00:00.000Z  webhook'.length,
      '  2026-11-02T09:00:00.000Z  webhook'.length,
    ]);
  });
});

describe('simulate: the events ingest rejected', () => {
  it('lists each in replay order with its customer, event and reason, after those not started', () => {
    // Prepare
    const rejected = [
      {
        time: '2026-11-03T09:00:00.000Z',
        eventId: 'e-2',
        profileId: 'ana',
        source: 'shop',
        detailType: 'cart.updated',
        reason: 'detail.car: a key is empty, which DynamoDB cannot store',
      },
      { time: '2026-11-02T09:00:00.000Z', eventId: 'e-1', reason: 'detail.profileId: Invalid input' },
    ];

    // Act
    const report = buildReport({ ...input([]), rejected }, NO_OUTCOMES);
    const text = simulationTable(report);

    // Assess
    expect(report.rejected?.map(({ eventId }) => eventId)).toEqual(['e-1', 'e-2']);
    const section = text.slice(text.indexOf('Rejected events'), text.indexOf('Journeys'));
    expect(section.trim().split('\n')).toEqual([
      'Rejected events (2)',
      '  2026-11-02T09:00:00.000Z  ?              e-1  ? from ?: detail.profileId: Invalid input',
      '  2026-11-03T09:00:00.000Z  ana            e-2  cart.updated from shop: detail.car: a key is empty, which DynamoDB cannot store',
    ]);
  });
});
