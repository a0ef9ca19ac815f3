import * as z from 'zod/mini';
import { boundedText } from '../store/key-limits.ts';

/**
 * The profile item's attribute holding the marks of the last changes applied once (see
 * updateProfile's `once`). Outside the Profile schema, as `version` is: parsing an item into a
 * Profile drops it, so it never reaches conditions, templates, traces or exports as customer data.
 */
export const APPLIED_CHANGES_ATTRIBUTE = 'appliedChanges';

/**
 * Enough to recognise any retry of a step: Step Functions retries a Task within hours, not after
 * fifty further profile updates by steps of the same customer. A mark longer than MARK_BYTES is
 * kept as its digest, so the list takes at most about 50 x 128 bytes of the profile's data room
 * (shared/profiles/profile-room.ts) whatever scenario and step names are chosen.
 */
const RECENT_MARKS = 50;
const MARK_BYTES = 128;

const AppliedChanges = z.array(z.string());

/**
 * The marks stored on a profile item: none on an item that has never had a change applied once,
 * and none for an attribute that is not a list of texts, so no writer (an opt-out) is held up by it.
 */
export function appliedChangesOf(item: Readonly<Record<string, unknown>> | undefined): string[] {
  const marks = AppliedChanges.safeParse(item?.[APPLIED_CHANGES_ATTRIBUTE]);
  return marks.success ? marks.data : [];
}

/** The mark kept for a change applied once under `once` (an execution and its step). */
export function appliedMark(once: string): string {
  return boundedText(once, MARK_BYTES);
}

/** The marks after `mark` is applied: the oldest go once the list is full. */
export function withMark(marks: readonly string[], mark: string): string[] {
  return [...marks.filter((each) => each !== mark), mark].slice(-RECENT_MARKS);
}
