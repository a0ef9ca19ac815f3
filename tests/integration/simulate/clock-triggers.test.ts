import { describe, expect, it } from 'vitest';
import { simulationTableLines } from '../../../cli/commands/simulation-table.ts';
import { simulate } from '../../../local/simulate/simulate.ts';
import type { SimulationReport } from '../../../local/simulate/simulation-report.ts';
import type { EventEnvelope } from '../../../shared/events/envelope.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';
import { useProjectFixtures } from '../../helpers/project-fixture.ts';

/** French speakers in three zones, and the customers the newsletter must leave out, each for a reason. */
const profiles = [
  { profileId: 'amelie', email: 'amelie@example.com', timeZone: 'Europe/Paris', locale: 'fr' },
  { profileId: 'bruno', email: 'bruno@example.com', timeZone: 'America/New_York', locale: 'fr-CA' },
  { profileId: 'chloe', email: 'chloe@example.com', timeZone: 'Australia/Sydney', locale: 'fr' },
  {
    profileId: 'denis',
    email: 'denis@example.com',
    timeZone: 'Europe/Paris',
    locale: 'fr',
    consents: { email: 'opted-out', topics: {} },
  },
  { profileId: 'emma', email: 'emma@example.com', timeZone: 'Europe/Paris', locale: 'en' },
  { profileId: 'fanny', email: 'fanny@example.com', timeZone: 'Europe/Paris', locale: 'fr' },
  {
    profileId: 'gus',
    email: 'gus@example.com',
    timeZone: 'Europe/Paris',
    locale: 'en',
    attributes: { birthDate: '2000-02-29' },
  },
  { profileId: 'hana', timeZone: 'Asia/Tokyo', locale: 'en', attributes: { birthDate: '1991-01-15' } },
].map((profile) => Profile.parse(profile));

/** The customer's one order, placed at `time`. */
function orderOf(profileId: string, time: string, total: number): EventEnvelope {
  return {
    id: `order-${profileId}`,
    source: 'shop',
    'detail-type': 'order.placed',
    time,
    detail: { profileId, orderId: `o-${profileId}`, total },
  };
}

/** One order each in October (all but fanny), which puts the French speakers in french_buyers. */
const orders: EventEnvelope[] = ['amelie', 'bruno', 'chloe', 'denis', 'emma', 'gus'].map(
  (profileId, index) => ({
    id: `order-${profileId}`,
    source: 'shop',
    'detail-type': 'order.placed',
    time: `2026-10-20T1${index}:00:00Z`,
    detail: { profileId, orderId: `o-${index}`, total: 40 },
  }),
);

const report = await simulate({
  projectDir: EXAMPLES_DIR,
  events: orders,
  profiles,
  until: new Date('2027-03-02T00:00:00Z'),
  only: ['monthly-newsletter', 'birthday'],
});
const sent = (scenario: string) =>
  report.messages
    .filter((message) => message.scenario === scenario)
    .map(({ profileId, time }) => `${time} ${profileId}`)
    .sort();

describe('schedules and anniversaries in a backtest', () => {
  it('sends the newsletter on each first Monday at 10:00 where each customer lives, across clock changes', () => {
    expect(sent('monthly-newsletter')).toEqual([
      // Sydney's Monday 10:00 is Sunday 23:00 in UTC; Paris left summer time on 25 October, New York on 1 November.
      '2026-11-01T23:00:00.000Z chloe',
      '2026-11-02T09:00:00.000Z amelie',
      '2026-11-02T15:00:00.000Z bruno',
      '2026-12-06T23:00:00.000Z chloe',
      '2026-12-07T09:00:00.000Z amelie',
      '2026-12-07T15:00:00.000Z bruno',
      '2027-01-03T23:00:00.000Z chloe',
      '2027-01-04T09:00:00.000Z amelie',
      '2027-01-04T15:00:00.000Z bruno',
      '2027-01-31T23:00:00.000Z chloe',
      '2027-02-01T09:00:00.000Z amelie',
      '2027-02-01T15:00:00.000Z bruno',
      '2027-02-28T23:00:00.000Z chloe',
      '2027-03-01T09:00:00.000Z amelie',
      '2027-03-01T15:00:00.000Z bruno',
    ]);
  });

  it('records who of the audience was left out and why; the rest of the customers are not its audience', () => {
    const refused = (report.refusals ?? []).filter((refusal) => refusal.scenario === 'monthly-newsletter');
    expect(refused.map(({ profileId, reason, detail }) => `${profileId} ${reason}: ${detail}`)).toEqual(
      Array.from({ length: 5 }, () => 'denis unreachable: the customer opted out of email'),
    );
  });

  it('sends a birthday at 09:00 local time, on 28 February for a birthday on the 29th', () => {
    expect(sent('birthday')).toEqual(['2027-02-28T08:00:00.000Z gus']);
    const hana = (report.refusals ?? []).filter((refusal) => refusal.profileId === 'hana');
    // Hana has no email address: her birthday on 15 January is recorded as unreachable, not lost in silence.
    expect(hana.map(({ time, reason, detail }) => `${time} ${reason}: ${detail}`)).toEqual([
      '2027-01-15T00:00:00.000Z unreachable: the profile has no email address',
    ]);
  });
});

/** A customer born on 23 November, reachable by email in `timeZone`. */
const born = (profileId: string, timeZone: string) =>
  Profile.parse({
    profileId,
    email: `${profileId}@example.com`,
    timeZone,
    attributes: { birthDate: '1990-11-23' },
  });

/** The first event of the backtests below: 10:00 UTC on 23 November, after that day's birthdays began. */
const pierresOrder = orderOf('pierre', '2026-11-23T10:00:00Z', 40);

describe('an occurrence in progress at the first event or at the end', () => {
  // Birthdays on 23 November in Auckland, Paris and Los Angeles; the first event at 10:00 UTC
  // that day, after the day's occurrence began (09:00 at UTC+14, 19:00 UTC the day before)
  const backtest = (until: string) =>
    simulate({
      projectDir: EXAMPLES_DIR,
      events: [pierresOrder],
      profiles: [
        born('kai', 'Pacific/Auckland'),
        born('pierre', 'Europe/Paris'),
        born('lola', 'America/Los_Angeles'),
      ],
      until: new Date(until),
      only: ['birthday'],
    });
  const sentIn = (run: SimulationReport) => run.messages.map(({ profileId, time }) => `${time} ${profileId}`);

  it("is replayed whole, at its times: the first day's birthdays reach every zone", async () => {
    // Act
    const run = await backtest('2026-11-24T12:00:00Z');

    // Assess: 09:00 in each zone, the earliest before the first event; the clock from the beginning
    expect(run.from).toBe('2026-11-22T19:00:00.000Z');
    expect(sentIn(run)).toEqual([
      '2026-11-22T20:00:00.000Z kai',
      '2026-11-23T08:00:00.000Z pierre',
      '2026-11-23T17:00:00.000Z lola',
    ]);
    expect(run.pending).toEqual([]);
  });

  it('lists who its waves after the end were still to reach, and when', async () => {
    // Act: the end at noon UTC, before 09:00 in Los Angeles
    const run = await backtest('2026-11-23T12:00:00Z');

    // Assess
    expect(sentIn(run)).toEqual(['2026-11-22T20:00:00.000Z kai', '2026-11-23T08:00:00.000Z pierre']);
    expect(run.pending).toEqual([
      { at: '2026-11-23T17:00:00.000Z', scenario: 'birthday', profileId: 'lola' },
    ]);
    expect(simulationTableLines(run).join('\n')).toContain(
      'Audience of waves still to come at the end (1; entry decides at each wave who is sent to)\n  2026-11-23T17:00:00.000Z  lola           birthday',
    );
  });
});

describe('a backtest that starts before its first event', () => {
  const fixtures = useProjectFixtures();

  it('starts there only the local-time clocks: a schedule in one zone fires from the first event', async () => {
    // Prepare: a digest every day at 21:00 UTC beside the birthdays, whose day began the evening before
    const project = await fixtures.copyExamples();
    await project.write(
      'daily-digest.yaml',
      [
        'id: daily-digest',
        'name: Daily digest',
        'program: engagement',
        'stage: retention',
        'trigger:',
        '  schedule: { cron: "0 21 * * ? *", time-zone: UTC, audience: { reachable: email } }',
        'steps:',
        '  - { id: digest, send: email, template: birthday }',
        '',
      ].join('\n'),
    );

    // Act
    const run = await simulate({
      projectDir: project.dir,
      events: [pierresOrder],
      profiles: [born('pierre', 'Europe/Paris')],
      until: new Date('2026-11-23T22:00:00Z'),
      only: ['daily-digest', 'birthday'],
    });

    // Assess: the digest of the 22nd, before the first event, is not replayed; the 23rd's is
    expect(run.from).toBe('2026-11-22T19:00:00.000Z');
    expect(run.messages.map(({ time, scenario }) => `${time} ${scenario}`)).toEqual([
      '2026-11-23T08:00:00.000Z birthday',
      '2026-11-23T21:00:00.000Z daily-digest',
    ]);
  });
});

describe('schedules and anniversaries on worker threads', () => {
  it('give the same report, byte for byte, on two workers as in one thread', async () => {
    const onTwo = await simulate({
      projectDir: EXAMPLES_DIR,
      events: orders,
      profiles,
      until: new Date('2027-03-02T00:00:00Z'),
      only: ['monthly-newsletter', 'birthday'],
      workers: 2,
    });
    expect(JSON.stringify(onTwo)).toBe(JSON.stringify(report));
  });
});

describe('the daily segment sweep in a backtest', () => {
  it('starts win-back the morning a customer’s last order turns 60 days old, with no event and no job', async () => {
    // Prepare: an order on 2 September at 10:00 UTC, then nothing
    const lapsing = Profile.parse({ profileId: 'luc', email: 'luc@example.com', timeZone: 'Europe/Paris' });
    const order = orderOf('luc', '2026-09-02T10:00:00Z', 180);

    // Act
    const run = await simulate({
      projectDir: EXAMPLES_DIR,
      events: [order],
      profiles: [lapsing],
      until: new Date('2026-11-20T00:00:00Z'),
      only: ['win-back'],
    });

    // Assess: 60 days after the order is 1 November 10:00 UTC; the sweep at 09:00 Paris (08:00 UTC)
    // finds it the next morning, and the journey starts then.
    const journeys = run.journeys.filter((journey) => journey.scenario === 'win-back');
    expect(journeys.map(({ profileId, enteredAt }) => `${profileId} ${enteredAt}`)).toEqual([
      'luc 2026-11-02T08:00:00.000Z',
    ]);
  });
});
