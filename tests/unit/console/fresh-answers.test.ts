import { describe, expect, it } from 'vitest';
import { freshFor } from '../../../local/console/sources/aws/fresh-answers.ts';

describe('answers kept a while', () => {
  it('shares a question still running, keeps its answer from when it came, and forgets a failure', async () => {
    let now = 0;
    const fresh = freshFor<number>(60_000, () => new Date(now));
    let asked = 0;
    let finish: (value: number) => void = () => undefined;
    const slow = () => {
      asked += 1;
      return new Promise<number>((resolve) => {
        finish = resolve;
      });
    };
    const first = fresh('q', slow);
    now = 90_000; // the query outlasts the minute: it is still the one asked
    const second = fresh('q', slow);
    expect(asked).toBe(1);
    finish(7);
    expect(await first).toBe(7);
    expect(await second).toBe(7);
    now = 140_000; // 50 s after it came
    expect(await fresh('q', async () => 8)).toBe(7);
    now = 151_000;
    expect(await fresh('q', async () => 8)).toBe(8);
    now = 300_000;
    await expect(fresh('q', async () => Promise.reject(new Error('throttled')))).rejects.toThrow('throttled');
    expect(await fresh('q', async () => 9)).toBe(9);
  });
});
