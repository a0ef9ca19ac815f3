import { firstCodePoints } from '../../language/code-points.ts';
import { maskPersonalData } from '../../shared/observability/logger.ts';

/** The log's kinds of line, padded to one column so a glance down the left edge tells the story. */
export type LineKind =
  | 'event'
  | 'start'
  | 'no start'
  | 'resume'
  | 'interrupt'
  | 'wait'
  | 'step'
  | 'sent'
  | 'not sent'
  | 'deferred'
  | 'failed'
  | 'uncertain'
  | 'goal'
  | 'end'
  | 'demo'
  | 'reload'
  | 'invalid'
  | 'rejected'
  | 'truncated'
  | 'error';

const KIND_WIDTH = 9;
const PROFILE_WIDTH = 7;

const CLOCK = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const DAY = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const DATE = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** Journey time as the log shows it: the weekday matters, since waits span days. */
export function clockLabel(at: Date | string): string {
  return CLOCK.format(new Date(at)).replace(',', '');
}

/** With the date, for what may lie weeks back (a customer's events). */
export function dayLabel(at: Date | string): string {
  return DAY.format(new Date(at)).replace(',', '');
}

export function dateLabel(at: Date | string): string {
  return DATE.format(new Date(at)).replace(',', '');
}

/**
 * One line of the log. The whole line is masked as a last line of defence: profile ids, event
 * fields and provider errors come from outside and could hold an address.
 */
export function logLine(at: Date | string, kind: LineKind, profileId: string, text: string): string {
  return maskPersonalData(
    `${clockLabel(at)}  ${kind.padEnd(KIND_WIDTH)} ${printable(profileId).padEnd(PROFILE_WIDTH)}  ${printable(text)}`,
  );
}

// C0 and C1 control characters, DEL included: a customer id or an event field could otherwise
// write escape sequences (colours, a cleared screen) to the terminal the log is shown in.
// With the bidirectional overrides and isolates, which make a terminal show the text after them
// reversed or moved: an id could show as another one (as "Trojan Source" hid code).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text with each control character written as its `\u` escape. */
export function printable(text: string): string {
  return text.replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A push token as the log and the trace show it: its last four characters, enough to tell two
 * devices apart, never enough to send to one.
 */
export function maskToken(token: string): string {
  return token.length <= 8 ? '***' : `***${token.slice(-4)}`;
}

const MAX_FIELDS = 5;
const MAX_VALUE = 32;
/** A key is cut like a value: an app names its fields as freely as it fills them. */
const MAX_KEY = 32;
/** The whole summary: five short fields fit, a payload does not. */
const MAX_SUMMARY = 240;

/**
 * A short reading of an event's detail: scalar fields as `key=value`, lists by their length and
 * objects by their keys, so a line says what arrived without dumping the payload.
 */
export function detailSummary(detail: Readonly<Record<string, unknown>>): string {
  const fields = Object.entries(detail).filter(([key]) => key !== 'profileId');
  return listed(
    fields,
    ([key, value]) =>
      `${truncate(key, MAX_KEY)}=${CONTACT_FIELDS.has(key) ? contactSummary(value) : valueSummary(value)}`,
    ' ',
    MAX_SUMMARY,
  );
}

/**
 * The first items, at most MAX_FIELDS and `budget` characters in all, then how many were left out:
 * a detail can hold thousands of keys, and its log line must stay a line. Only the items shown are
 * summarised, so a large detail costs no more than a small one.
 */
function listed<T>(
  items: readonly T[],
  show: (item: T) => string,
  separator: string,
  budget: number,
): string {
  const shown: string[] = [];
  let length = 0;
  for (const item of items.slice(0, MAX_FIELDS)) {
    const text = show(item);
    const added = shown.length === 0 ? text.length : separator.length + text.length;
    if (shown.length > 0 && length + added > budget) break;
    shown.push(text);
    length += added;
  }
  if (shown.length < items.length) shown.push(`… ${(items.length - shown.length).toLocaleString('en')} more`);
  return shown.join(separator);
}

/** The profile events' contact fields, whose values the log never shows in clear. */
const CONTACT_FIELDS: ReadonlySet<string> = new Set(['email', 'phone', 'pushTokens']);

/**
 * A contact value masked by its field, not by its form: one that is not a valid address (a
 * national number, "jane at example.com") is what ingest refuses, and no pattern would mask it.
 */
function contactSummary(value: unknown): string {
  if (typeof value !== 'string') return valueSummary(value);
  const masked = maskPersonalData(value);
  return masked === value ? '***' : truncate(masked, MAX_VALUE);
}

function valueSummary(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length}]`;
  if (typeof value === 'object' && value !== null) {
    // An object is a value, so its keys get a value's room.
    return `{${listed(Object.keys(value), (key) => truncate(key, MAX_KEY), ',', MAX_VALUE)}}`;
  }
  return truncate(String(value), MAX_VALUE);
}

/**
 * The text cut to `length` characters, counted and cut by code points: a cut by UTF-16 units can
 * halve an emoji, and the lone surrogate left is no character a terminal or a page can show.
 */
export function truncate(text: string, length: number): string {
  const head = firstCodePoints(text, length);
  return head.length === text.length ? text : `${firstCodePoints(head, length - 1)}…`;
}

/** The first non-empty line of a message body, for SMS and push lines and the outbox table. */
export function firstLine(text: string, length = 60): string {
  return truncate(text.split('\n').find((line) => line.trim() !== '') ?? '', length);
}
