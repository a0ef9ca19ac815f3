import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startDevServer } from '../../local/platform/dev-server.ts';
import { startLocalDynamo } from '../../local/platform/local-dynamo.ts';
import { saveExecution } from '../../local/runtime/execution-store.ts';
import { int } from '../format.ts';
import { progress } from '../measure.ts';
import { PROJECT_DIR } from '../simulate/project.ts';
import { loadPages, type PageTimings } from './page-timing.ts';

/** The states an abandoned cart whose customer had not opted in to SMS goes through. */
const STATES = [
  'Wait 1 hour',
  'Email cart-reminder',
  'Wait 1 day',
  'Check sms-relaunch',
  'Branch sms-relaunch',
  'Completed',
];

/**
 * The console of `npm start` over a data folder holding `count` ended abandoned-cart executions,
 * written straight into its store (running the platform to make them would take hours): the
 * scenario page reads every execution of its scenario, the customer page one customer's items.
 */
export async function localConsoleTimings(
  browser: Browser,
  dir: string,
  count: number,
  runs: number,
): Promise<PageTimings> {
  const dataDir = await mkdtemp(join(dir, 'data-'));
  progress(`console: writing ${int(count)} executions into a data folder`);
  const dynamo = await startLocalDynamo(dataDir);
  const pending: Promise<void>[] = [];
  for (let index = 0; index < count; index += 1) {
    const at = new Date(Date.UTC(2026, 10, 2) + index * 1_000);
    pending.push(
      saveExecution(dynamo.store, {
        name: `bench-${index}`,
        scenario: 'abandoned-cart',
        profileId: `bench-${String(index).padStart(6, '0')}`,
        status: 'completed',
        startedAt: at.toISOString(),
        endedAt: new Date(at.getTime() + 90_000_000).toISOString(),
        states: STATES.map((name, step) => ({
          name,
          at: new Date(at.getTime() + step * 1_000).toISOString(),
        })),
      }),
    );
    if (pending.length === 100) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  await dynamo.stop();
  progress(`console: the dev server over ${int(count)} executions`);
  const server = await startDevServer({
    projectDir: PROJECT_DIR,
    dataDir,
    busPort: 0,
    speed: 1,
    demo: false,
    watch: false,
    log: () => undefined,
  });
  try {
    return await loadPages(browser, runs, {
      scenario: `${server.adminUrl}/console/scenarios/abandoned-cart`,
      customer: `${server.adminUrl}/console/customers/bench-${String(count - 1).padStart(6, '0')}`,
    });
  } finally {
    await server.stop();
  }
}
