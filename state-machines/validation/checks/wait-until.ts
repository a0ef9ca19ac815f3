import { allNodes } from '../../model/step-tree.ts';
import type { Finding, ScenarioCheck } from '../check-context.ts';

/**
 * Field names that hold a date that recurs every year. `until` waits for one date, once: such a
 * date lies in the past for every customer, so the wait would end each journey (date-passed) or,
 * with `if-passed: continue`, send at once. Names are compared without case, `-` or `_`.
 */
const YEARLY_DATE_FIELDS = new Set([
  'birthdate',
  'birthday',
  'dateofbirth',
  'dob',
  'anniversary',
  'anniversarydate',
  'weddingdate',
]);

/** A wait `until` a birth date or an anniversary: the one-off date of `until` is not a yearly one. */
export const checkWaitUntilDates: ScenarioCheck = ({ tree }) => {
  const findings: Finding[] = [];
  for (const node of allNodes(tree)) {
    if (node.kind !== 'wait' || typeof node.step.wait === 'string') continue;
    const until = node.step.wait.until;
    const field = until?.split('.').at(-1);
    if (until === undefined || field === undefined) continue;
    if (!YEARLY_DATE_FIELDS.has(field.toLowerCase().replace(/[-_]/g, ''))) continue;
    findings.push({
      path: [...node.path, 'wait', 'until'],
      message: `"until" waits for one date, once: ${until} is a yearly date whose first occurrence is in the past, so every journey would end at this wait (date-passed), or send at once with "if-passed: continue". Start the journey on the date itself: trigger: { anniversary: { date: profile.${field}, at: "09:00" } }`,
    });
  }
  return findings;
};
