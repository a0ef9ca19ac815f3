import { describe, expect, it } from 'vitest';
import {
  normalCdf,
  normalQuantile,
  twoSidedCritical,
} from '../../../../shared/outcomes/statistics/normal.ts';

describe('normalCdf', () => {
  // Standard normal table values (Abramowitz & Stegun, Handbook of Mathematical Functions, 26.2).
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [1.96, 0.9750021048517795],
    [-0.5, 0.3085375387259869],
  ])('gives P(Z <= %s) = %s', (x, expected) => {
    // Act
    const probability = normalCdf(x);

    // Assess
    expect(probability).toBeCloseTo(expected, 14);
  });

  it.each([
    [-3, 1.3498980316301e-3],
    [-5, 2.866515718791939e-7],
    [-10, 7.619853024160527e-24],
  ])('keeps its relative precision far in the lower tail at %s', (x, expected) => {
    // Act
    const probability = normalCdf(x);

    // Assess
    expect(Math.abs(probability - expected) / expected).toBeLessThan(1e-12);
  });

  it('is 0 and 1 at the infinities', () => {
    // Act
    const ends = [normalCdf(Number.NEGATIVE_INFINITY), normalCdf(Number.POSITIVE_INFINITY)];

    // Assess
    expect(ends).toEqual([0, 1]);
  });
});

describe('normalQuantile', () => {
  it.each([
    [0.975, 1.959964],
    [0.8, 0.841621],
    [0.5, 0],
    [0.025, -1.959964],
  ])('gives the %s quantile as %s', (p, expected) => {
    // Act
    const x = normalQuantile(p);

    // Assess
    expect(x).toBeCloseTo(expected, 6);
  });

  it('inverts the CDF across the whole range, tails included', () => {
    // Prepare
    const probabilities = [1e-300, 1e-100, 1e-12, 1e-6, 0.001, 0.02, 0.02425, 0.3, 0.5, 0.7, 0.97575, 0.999];

    // Act
    const roundTrips = probabilities.map((p) => normalCdf(normalQuantile(p)));

    // Assess
    roundTrips.forEach((back, index) => {
      const p = probabilities[index] ?? Number.NaN;
      expect(Math.abs(back - p) / p).toBeLessThan(1e-12);
    });
  });

  it('is infinite at 0 and 1 and undefined outside [0, 1]', () => {
    // Act
    const values = [0, 1, -0.1, 1.1].map(normalQuantile);

    // Assess
    expect(values.slice(0, 2)).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(values.slice(2).every(Number.isNaN)).toBe(true);
  });
});

describe('twoSidedCritical', () => {
  it('leaves half the error on each side', () => {
    // Act
    const z = twoSidedCritical(0.95);

    // Assess
    expect(normalCdf(z) - normalCdf(-z)).toBeCloseTo(0.95, 12);
    expect(z).toBeCloseTo(1.959964, 6);
  });
});
