import { amount, count, percent } from '../../../shared/outcomes/report/format.ts';

/** Numbers as the report writes them, for the pages' tables. */
export const rate = (fraction: number): string => `${percent(fraction)}%`;
export const interval = ({ low, high }: { readonly low: number; readonly high: number }): string =>
  `${percent(low)}–${percent(high)}%`;
export const money = (value: number, currency: string): string => `${amount(value)} ${currency}`;
export { count };

/** A journey time to the minute, in UTC: the pages show times as the data holds them. */
export const minute = (at: string): string => `${at.slice(0, 10)} ${at.slice(11, 16)}`;
