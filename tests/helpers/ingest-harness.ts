import { afterAll, beforeAll } from 'vitest';
import { ManualClock } from '../../shared/clock/clock.ts';
import type { IngestDeps } from '../../shared/ingest/apply-events.ts';
import { type LocalDynamo, startDynalite } from './dynalite.ts';
import { ingestBundle, recordingTasks } from './ingest-fixtures.ts';

export type IngestHarness = { readonly dynamo: LocalDynamo; readonly deps: IngestDeps };

/**
 * A dynalite and ingest's dependencies (ingestBundle, a clock stopped at `now`, recorded task
 * callbacks) for the tests of one file: started before them, stopped after them.
 */
export function useIngestHarness(now: string): IngestHarness {
  let started: IngestHarness | undefined;
  beforeAll(async () => {
    const dynamo = await startDynalite();
    started = {
      dynamo,
      deps: { store: dynamo.store, bundle: ingestBundle(), clock: new ManualClock(now), ...recordingTasks() },
    };
  });
  afterAll(async () => {
    await started?.dynamo.stop();
  });
  const ready = (): IngestHarness => {
    if (started === undefined) throw new Error('the ingest harness is used outside a test');
    return started;
  };
  return {
    get dynamo() {
      return ready().dynamo;
    },
    get deps() {
      return ready().deps;
    },
  };
}
