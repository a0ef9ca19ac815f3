/** A two-sided interval; either end may be infinite when the data cannot bound it. */
export type Interval = { low: number; high: number };

/** A point estimate with its interval. */
export type Estimate = { estimate: number; low: number; high: number };

/** Binary outcomes of one group: how many converted out of how many entered. */
export type Counts = { successes: number; trials: number };

/**
 * Running sums of a numeric outcome in one group (e.g. revenue per entrant, most of them 0), enough
 * to recover the mean and the unbiased variance without keeping the values.
 */
export type Moments = { n: number; sum: number; sumSquares: number };
