/**
 * EventBridge Scheduler's cron expressions, the dialect the deployed schedules are written in, so a
 * schedule means the same locally, in a backtest and on AWS:
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based
 *
 *   minutes hours day-of-month month day-of-week year      e.g. "0 10 ? * MON#1 *"
 *
 * - Day of week counts 1-7 from Sunday (SUN-SAT), not 0-6 from Sunday as Unix cron does.
 * - One of day-of-month and day-of-week is "?": AWS refuses an expression that sets both.
 * - Day of month takes L (the last day), LW (the last weekday), and nW (the weekday nearest n).
 * - Day of week takes n#k (the k-th n of the month, "MON#1" the first Monday) and nL (the last n).
 *
 * Written here, not taken from a library: the cron libraries for Node read Unix cron (five fields,
 * Sunday 0, day-of-month OR day-of-week), so every one of these rules would need a layer of its
 * own over them, and Unix cron's answer where they differ would be wrong on AWS.
 */

/** Which days of a month an expression picks, by day-of-month or by day-of-week. */
export type CronDays =
  | { readonly by: 'month-day'; readonly days: readonly MonthDay[] }
  | { readonly by: 'week-day'; readonly days: readonly WeekDay[] };

export type MonthDay =
  | { readonly kind: 'day'; readonly day: number }
  | { readonly kind: 'last' }
  | { readonly kind: 'last-weekday' }
  | { readonly kind: 'nearest-weekday'; readonly day: number };

/** Weekdays count 0-6 from Sunday here, as Date#getUTCDay does. */
export type WeekDay =
  | { readonly kind: 'every'; readonly weekday: number }
  | { readonly kind: 'nth'; readonly weekday: number; readonly nth: number }
  | { readonly kind: 'last'; readonly weekday: number };

export type CronSpec = {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly days: CronDays;
  readonly months: readonly number[];
  /** Undefined: every year. */
  readonly years: readonly number[] | undefined;
};

export type CronParse = { readonly spec: CronSpec } | { readonly problems: readonly string[] };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** The years EventBridge Scheduler accepts. */
const YEARS = { min: 1970, max: 2199 };

type FieldRule = {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** What a name stands for: its index plus this (JAN is 1, SUN is 1). */
  readonly nameBase?: number;
};

const FIELDS = {
  minutes: { name: 'minutes', min: 0, max: 59 },
  hours: { name: 'hours', min: 0, max: 23 },
  monthDay: { name: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  weekDay: { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, nameBase: 1 },
  year: { name: 'year', min: YEARS.min, max: YEARS.max },
} as const satisfies Record<string, FieldRule>;

/** The fields of an expression written with or without its `cron( … )` wrapper. */
export function cronFields(expression: string): string {
  return (/^\s*cron\((.*)\)\s*$/s.exec(expression)?.[1] ?? expression).trim();
}

/** Reads an expression with or without its `cron( … )` wrapper, naming every problem at once. */
export function parseCron(expression: string): CronParse {
  const fields = cronFields(expression).split(/\s+/);
  if (fields.length !== 6) {
    return {
      problems: [
        `expected 6 fields (minutes hours day-of-month month day-of-week year), found ${fields.length}`,
      ],
    };
  }
  const [minuteText, hourText, monthDayText, monthText, weekDayText, yearText] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const problems: string[] = [];
  const read = (text: string, rule: FieldRule) => {
    const values = readValues(text, rule);
    if (typeof values === 'string') problems.push(values);
    return typeof values === 'string' ? [] : values;
  };
  const minutes = read(minuteText, FIELDS.minutes);
  const hours = read(hourText, FIELDS.hours);
  const months = read(monthText, FIELDS.month);
  const years = yearText === '*' ? undefined : read(yearText, FIELDS.year);
  const days = readDays(monthDayText, weekDayText);
  if (typeof days === 'string') problems.push(days);
  if (problems.length > 0 || typeof days === 'string') return { problems };
  return { spec: { minutes, hours, days, months, years } };
}

function readDays(monthDay: string, weekDay: string): CronDays | string {
  if (monthDay === '?' && weekDay === '?') return 'day-of-month and day-of-week cannot both be "?"';
  if (monthDay !== '?' && weekDay !== '?') {
    return 'one of day-of-month and day-of-week must be "?" (AWS refuses an expression that sets both)';
  }
  if (weekDay === '?') {
    const days = readMonthDays(monthDay);
    return typeof days === 'string' ? days : { by: 'month-day', days };
  }
  const days = readWeekDays(weekDay);
  return typeof days === 'string' ? days : { by: 'week-day', days };
}

function readMonthDays(text: string): MonthDay[] | string {
  const days: MonthDay[] = [];
  for (const part of text.split(',')) {
    if (part === 'L') days.push({ kind: 'last' });
    else if (part === 'LW') days.push({ kind: 'last-weekday' });
    else if (/^\d+W$/.test(part)) {
      const day = Number(part.slice(0, -1));
      if (day < 1 || day > 31) return `day-of-month: "${part}" names a day outside 1-31`;
      days.push({ kind: 'nearest-weekday', day });
    } else {
      const values = readValues(part, FIELDS.monthDay);
      if (typeof values === 'string') return values;
      days.push(...values.map((day) => ({ kind: 'day', day }) as const));
    }
  }
  return days;
}

function readWeekDays(text: string): WeekDay[] | string {
  const days: WeekDay[] = [];
  for (const part of text.split(',')) {
    const nth = /^(\w+)#(\d+)$/.exec(part);
    const last = /^(\w+)L$/.exec(part);
    if (nth !== null) {
      const weekday = oneValue(nth[1] ?? '', FIELDS.weekDay);
      const count = Number(nth[2]);
      if (typeof weekday === 'string') return weekday;
      if (count < 1 || count > 5) return `day-of-week: "${part}": the week in "#" is 1 to 5`;
      days.push({ kind: 'nth', weekday: weekday - 1, nth: count });
    } else if (part === 'L') {
      // Alone, L is the week's last day: Saturday.
      days.push({ kind: 'every', weekday: 6 });
    } else if (last !== null) {
      const weekday = oneValue(last[1] ?? '', FIELDS.weekDay);
      if (typeof weekday === 'string') return weekday;
      days.push({ kind: 'last', weekday: weekday - 1 });
    } else {
      const values = readValues(part, FIELDS.weekDay);
      if (typeof values === 'string') return values;
      days.push(...values.map((weekday) => ({ kind: 'every', weekday: weekday - 1 }) as const));
    }
  }
  return days;
}

/** A field's values, sorted: `*`, lists, ranges (a-b) and steps (star/n, a/n, a-b/n). */
function readValues(text: string, rule: FieldRule): number[] | string {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText, extra] = part.split('/');
    if (extra !== undefined) return `${rule.name}: "${part}" has more than one "/"`;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      return `${rule.name}: "${part}": the step after "/" is a whole number from 1`;
    let from: number;
    let to: number;
    if (range === '*') {
      from = rule.min;
      to = rule.max;
    } else {
      const [fromText = '', toText, beyond] = range.split('-');
      if (beyond !== undefined) return `${rule.name}: "${part}" is not a range`;
      const start = oneValue(fromText, rule);
      if (typeof start === 'string') return start;
      from = start;
      const end = toText === undefined ? (stepText === undefined ? start : rule.max) : oneValue(toText, rule);
      if (typeof end === 'string') return end;
      to = end;
      if (to < from) return `${rule.name}: "${part}" runs backwards`;
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

function oneValue(text: string, rule: FieldRule): number | string {
  const named = rule.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + (rule.nameBase ?? 0);
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(value) || value < rule.min || value > rule.max) {
    const names = rule.names === undefined ? '' : ` or ${rule.names[0]}-${rule.names.at(-1)}`;
    return `${rule.name}: "${text}" is not ${rule.min}-${rule.max}${names}`;
  }
  return value;
}
