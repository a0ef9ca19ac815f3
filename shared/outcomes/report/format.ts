/**
 * How the report writes its numbers, in the report's words and in the terminal table alike:
 * counts with thousands separators, rates and uplifts to a tenth of a point, money to the cent.
 */
export const count = (value: number): string => value.toLocaleString('en-US');

/** A rate as a percentage, without the sign: 0.1213 is "12.1". */
export const percent = (fraction: number): string => (fraction * 100).toFixed(1);

/** A difference of rates in points, signed: 0.018 is "+1.8". */
export const points = (fraction: number): string => `${fraction >= 0 ? '+' : ''}${percent(fraction)}`;

export const amount = (value: number): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
