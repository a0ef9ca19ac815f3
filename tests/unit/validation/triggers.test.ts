import { describe, expect, it } from 'vitest';
import { useProjectFixtures } from '../../helpers/project-fixture.ts';
import { violationsOf } from '../../helpers/violations.ts';

const { copyExamples } = useProjectFixtures();

describe('schedule, segment and anniversary triggers', () => {
  it('accepts the examples: a monthly newsletter and a birthday email', async () => {
    expect(await violationsOf(await copyExamples())).toEqual([]);
  });

  it('refuses a cron AWS would refuse, in AWS’s terms', async () => {
    const fixture = await copyExamples();
    await fixture.replace('monthly-newsletter.yaml', '"0 10 ? * MON#1 *"', '"0 10 * * MON#1 *"');
    expect(await violationsOf(fixture)).toEqual([
      'monthly-newsletter.yaml:trigger.schedule.cron: one of day-of-month and day-of-week must be "?" (AWS refuses an expression that sets both)',
    ]);

    await fixture.replace('monthly-newsletter.yaml', '"0 10 * * MON#1 *"', '"0 25 ? * 0 *"');
    expect(await violationsOf(fixture)).toEqual([
      'monthly-newsletter.yaml:trigger.schedule.cron: hours: "25" is not 0-23',
      'monthly-newsletter.yaml:trigger.schedule.cron: day-of-week: "0" is not 1-7 or SUN-SAT',
    ]);
  });

  it('names the segment an audience or a segment trigger names and the project lacks', async () => {
    const fixture = await copyExamples();
    await fixture.replace('monthly-newsletter.yaml', 'segment: french_buyers', 'segment: french_buyer');
    expect(await violationsOf(fixture)).toEqual([
      'monthly-newsletter.yaml:trigger.schedule.audience.segment: unknown segment "french_buyer" (did you mean "french_buyers"?)',
    ]);

    const newsletter = await fixture.read('monthly-newsletter.yaml');
    await fixture.write(
      'monthly-newsletter.yaml',
      newsletter.replace(/trigger:\n( {2}.*\n)+/, 'trigger:\n  segment: { entered: vipp }\n'),
    );
    expect(await violationsOf(fixture)).toEqual([
      'monthly-newsletter.yaml:trigger.segment.entered: unknown segment "vipp" (did you mean "vip"?)',
    ]);
  });

  it('explains a schedule that names no time, or two', async () => {
    const fixture = await copyExamples();
    await fixture.replace(
      'monthly-newsletter.yaml',
      'cron: "0 10 ? * MON#1 *"',
      'at: 2027-01-04T10:00\n    every: 7d',
    );
    expect(await violationsOf(fixture)).toEqual([
      'monthly-newsletter.yaml:trigger.schedule: a schedule takes one of "at", "cron" and "every", not "at" and "every"',
      'monthly-newsletter.yaml:trigger.schedule.starting: "every" needs "starting", its first occurrence',
    ]);
  });

  it('refuses a journey key on a clock trigger, and an anniversary of a date outside the profile', async () => {
    const fixture = await copyExamples();
    await fixture.replace(
      'birthday.yaml',
      'program: engagement',
      'program: engagement\nentry: { key: detail.orderId }',
    );
    await fixture.replace('birthday.yaml', 'date: profile.birthDate', 'date: event.birthDate');
    expect(await violationsOf(fixture)).toEqual([
      'birthday.yaml:trigger.anniversary.date: expected a profile date such as "profile.birthDate"',
    ]);
    await fixture.replace('birthday.yaml', 'date: event.birthDate', 'date: profile.birthDate');
    expect(await violationsOf(fixture)).toEqual([
      'birthday.yaml:entry.key: an anniversary starts one journey per customer and occurrence: its journeys need no "key" (remove it)',
    ]);
  });

  it('still reads an ordinary event pattern as one, and refuses one keyed by a trigger form', async () => {
    const fixture = await copyExamples();
    await fixture.replace('abandoned-cart.yaml', '  source: [shop]\n', '  source: shop\n');
    expect(await violationsOf(fixture)).toEqual([
      'abandoned-cart.yaml:trigger.source: expected array, got "shop"',
    ]);
    await fixture.replace(
      'abandoned-cart.yaml',
      '  source: shop\n',
      '  source: [shop]\n  schedule: [nightly]\n',
    );
    expect(await violationsOf(fixture)).toEqual([
      'abandoned-cart.yaml:trigger: "schedule" starts a schedule trigger, written alone: trigger: { schedule: ... }',
    ]);
  });
});
