import type { Audience } from '../../../language/trigger.ts';
import { isAnniversaryTrigger, isScheduleTrigger, isSegmentTrigger } from '../../../language/trigger-kind.ts';
import type { Finding, ScenarioCheck } from '../check-context.ts';
import { unknownName } from '../suggest.ts';

/** The segments a trigger names (its audience's, or the one entered or left) must be declared. */
export const checkTriggerSegments: ScenarioCheck = ({ scenario, config }) => {
  const known = Object.keys(config.segments);
  const check = (name: string | undefined, path: readonly (string | number)[]): Finding[] =>
    name === undefined || name in config.segments
      ? []
      : [{ path: ['trigger', ...path], message: unknownName('segment', name, known) }];
  const audience = (of: Audience | undefined, path: readonly string[]) =>
    check(of?.segment, [...path, 'audience', 'segment']);
  const { trigger } = scenario;
  if (isScheduleTrigger(trigger)) return audience(trigger.schedule.audience, ['schedule']);
  if (isAnniversaryTrigger(trigger)) return audience(trigger.anniversary.audience, ['anniversary']);
  if (isSegmentTrigger(trigger)) {
    const transition = trigger.segment;
    return 'entered' in transition
      ? check(transition.entered, ['segment', 'entered'])
      : check(transition.exited, ['segment', 'exited']);
  }
  return [];
};

/**
 * A journey key names a field of the trigger event; a schedule's or an anniversary's journeys are
 * keyed by their occurrence (one journey per customer per broadcast, or per year), so a key of the
 * scenario's own would have nothing to read.
 */
export const checkClockTriggerEntry: ScenarioCheck = ({ scenario }) => {
  const { trigger } = scenario;
  const form = isScheduleTrigger(trigger)
    ? 'schedule'
    : isAnniversaryTrigger(trigger)
      ? 'anniversary'
      : undefined;
  if (form === undefined || scenario.entry.key === undefined) return [];
  return [
    {
      path: ['entry', 'key'],
      message: `${form === 'anniversary' ? 'an' : 'a'} ${form} starts one journey per customer and occurrence: its journeys need no "key" (remove it)`,
    },
  ];
};
