import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { waitFor } from '../../../shared/journeys/wait-for.ts';
import { CLAIM_STALE_MS, waitsOf } from '../../../shared/journeys/waiting-store.ts';
import { dynamoItemStore } from '../../../shared/store/dynamodb/dynamo-item-store.ts';
import { openTable } from '../../../shared/store/dynamodb/table.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';
import {
  appEvent,
  enterJourney,
  freshProfileId,
  ingestBundle,
  recordingTasks,
} from '../../helpers/ingest-fixtures.ts';

/**
 * A journey waits for `app.opened` (the fixtures' cart scenario), and the customer opens the app.
 * Ingest deleted the wait, then called SendTaskSuccess: once the delete was applied, nothing but
 * that very delivery would ever resume the journey, which then waited until its timeout.
 */
describe('a wait the event it awaits settles, whatever fails on the way', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  const now = '2026-11-16T10:30:00Z';
  async function waitingJourney() {
    const profileId = freshProfileId();
    const journey = await enterJourney(dynamo.store, profileId, 'cart', '2026-11-16T10:00:00Z');
    const deps = {
      store: dynamo.store,
      bundle: ingestBundle(),
      clock: new ManualClock(now),
      ...recordingTasks(),
    };
    await waitFor(
      {
        step: 'opened',
        journey,
        token: 'token-1',
        event: { 'detail-type': ['app.opened'] },
        timeoutSeconds: 172_800,
      },
      deps,
    );
    const opened = appEvent(profileId, 'app.opened', '2026-11-16T10:29:00Z');
    return { profileId, deps, opened };
  }

  it('resumes the journey once when the answer to the claim is lost and the SDK sends it again', async () => {
    // Prepare: a store on a DynamoDB client whose first write of a wait is applied and then
    // answered by a timeout, which the SDK's standard retry strategy sends again
    const { profileId, deps, opened } = await waitingJourney();
    const { client } = dynamo;
    let lost = 0;
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = (args as { input?: { Key?: { sk?: { S?: string } } } }).input;
        const result = await next(args);
        if (lost === 0 && input?.Key?.sk?.S?.startsWith('WAIT#')) {
          lost += 1;
          throw Object.assign(new Error('socket timed out after the request was applied'), {
            name: 'TimeoutError',
            $metadata: {},
          });
        }
        return result;
      },
      { step: 'deserialize', name: 'loseFirstWaitDeleteAnswer' },
    );
    const store = dynamoItemStore(openTable(client, dynamo.table.name));

    // Act
    const report = await ingestEvents([opened], { ...deps, store });
    const redelivered = await ingestEvents([opened], deps);
    client.middlewareStack.remove('loseFirstWaitDeleteAnswer');

    // Assess: the answer was lost once; the event is acknowledged; the journey must be resumed
    expect(lost).toBe(1);
    expect(report.failed).toEqual([]);
    expect(await waitsOf(dynamo.store, profileId, new Date(now))).toEqual([]);
    expect(deps.calls).toEqual([expect.objectContaining({ kind: 'resume', token: 'token-1' })]);
    expect(report.resumed + redelivered.resumed).toBe(1);
  });

  it('resumes the journey on the redelivery when ingest dies right after claiming the wait', async () => {
    // Prepare: the wait's first write (taken, then; claimed, now) is applied, then the process
    // dies: every later call fails. The redelivery found no wait
    const { profileId, deps, opened } = await waitingJourney();
    let dead = false;
    const alive = <T>(call: () => Promise<T>): Promise<T> =>
      dead ? Promise.reject(new Error('killed')) : call();
    const dieAfter = async <T>(key: { sk: string }, call: () => Promise<T>): Promise<T> => {
      const result = await alive(call);
      if (key.sk.startsWith('WAIT#')) {
        dead = true;
        throw new Error('process killed after the wait was written');
      }
      return result;
    };
    const dying: ItemStore = {
      ...dynamo.store,
      get: (...a) => alive(() => dynamo.store.get(...a)),
      put: (...a) => alive(() => dynamo.store.put(...a)),
      query: (...a) => alive(() => dynamo.store.query(...a)),
      set: (key, values, options) => dieAfter(key, () => dynamo.store.set(key, values, options)),
      delete: (key, options) => dieAfter(key, () => dynamo.store.delete(key, options)),
    };

    // Act: the crashed delivery, then EventBridge's redelivery on a healthy store
    const crashed = await ingestEvents([opened], { ...deps, store: dying });
    const tooSoon = await ingestEvents([opened], deps);
    deps.clock.advance(CLAIM_STALE_MS);
    const redelivered = await ingestEvents([opened], deps);

    // Assess: a crash-free run resumes the journey once
    // (A delivery within the claim's minute may be a concurrent one still settling it: it fails,
    // to be delivered again, rather than mark the event processed.)
    expect(crashed.failed).toHaveLength(1);
    expect(tooSoon.failed).toEqual([
      expect.objectContaining({ error: expect.stringContaining('another delivery') }),
    ]);
    expect(redelivered.failed).toEqual([]);
    expect(await waitsOf(dynamo.store, profileId, new Date(now))).toEqual([]);
    expect(deps.calls).toEqual([expect.objectContaining({ kind: 'resume', token: 'token-1' })]);
  });
});
