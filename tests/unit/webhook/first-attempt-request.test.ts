import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { firstAttemptRequest, KEPT_REQUEST_MAX_BYTES } from '../../../shared/steps/first-attempt-request.ts';
import { firstAttemptRecord, keepFirstAttempt } from '../../../shared/steps/first-attempt-time.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';

const Request = z.object({ body: z.string(), at: z.string() });
const step = { profileId: 'c-1', execution: 'exec-1', step: 'notify' };
const first = new Date('2026-12-05T10:00:00.000Z');
const later = new Date('2026-12-05T10:05:00.000Z');

describe('the request of a step’s first attempt', () => {
  it('is what every retry makes, whatever the data reads by then', async () => {
    // Prepare
    const store = memoryItemStore();
    let data = 'email ada@example.com';
    const render = (at: Date) => ({ body: data, at: at.toISOString() });

    // Act: the first attempt renders and keeps; the data changes; a retry comes
    const sent = await firstAttemptRequest(store, step, first, Request, render);
    data = 'email ada@new.example';
    const retried = await firstAttemptRequest(store, step, later, Request, render);

    // Assess
    expect(sent).toEqual({ body: 'email ada@example.com', at: first.toISOString() });
    expect(retried).toEqual(sent);
  });

  it('is one request when two attempts race: the one kept first', async () => {
    // Prepare: each attempt would render its own
    const store = memoryItemStore();
    let renders = 0;
    const render = (at: Date) => ({ body: `render ${++renders}`, at: at.toISOString() });

    // Act: both read before either keeps
    const [a, b] = await Promise.all([
      firstAttemptRequest(store, step, first, Request, render),
      firstAttemptRequest(store, step, later, Request, render),
    ]);

    // Assess
    expect(renders).toBe(2);
    expect(b).toEqual(a);
  });

  it('is rendered again at the first attempt’s time when it was too large to keep', async () => {
    // Prepare
    const store = memoryItemStore();
    let data = 'x'.repeat(KEPT_REQUEST_MAX_BYTES);
    const render = (at: Date) => ({ body: data, at: at.toISOString() });

    // Act
    await firstAttemptRequest(store, step, first, Request, render);
    data = 'y'.repeat(10);
    const retried = await firstAttemptRequest(store, step, later, Request, render);

    // Assess: the record holds the time alone, and the retry renders at it
    const record = await firstAttemptRecord(store, step);
    expect(record?.at).toBe(first.toISOString());
    expect(record).not.toHaveProperty('request');
    expect(retried).toEqual({ body: 'yyyyyyyyyy', at: first.toISOString() });
  });

  it('is rendered at the first attempt’s time when its record holds no request (written before requests were kept)', async () => {
    // Prepare: an emit-style record, a time alone
    const store = memoryItemStore();
    await keepFirstAttempt(store, step, first, {});

    // Act
    const retried = await firstAttemptRequest(store, step, later, Request, (at) => ({
      body: 'b',
      at: at.toISOString(),
    }));

    // Assess
    expect(retried).toEqual({ body: 'b', at: first.toISOString() });
  });

  it('keeps nothing when the render throws, so a retry renders anew', async () => {
    const store = memoryItemStore();
    await expect(
      firstAttemptRequest(store, step, first, Request, () => {
        throw new Error('a value the template needs is missing');
      }),
    ).rejects.toThrow('missing');
    expect(await firstAttemptRecord(store, step)).toBeUndefined();
  });
});
