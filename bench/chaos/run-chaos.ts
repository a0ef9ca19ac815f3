/**
 * `npm run chaos` (not a test): `parcours dev` in a child process, on loopback only, killed with
 * SIGKILL at a random moment of each round while the official EventBridge client streams carts,
 * orders, profile updates and subscription changes to it; restarted on the same data folder; then
 * its data folder is audited. A last run floods it with consent changes in a shuffled order.
 *
 * Prints a table of events acknowledged, processed, rejected and lost, messages sent twice, and
 * messages sent to customers who had opted out; exits 1 if any but the first two is not zero
 * (every event it sends is valid, so none should be rejected).
 *
 * CHAOS_SEED replays a run (the seed is printed); CHAOS_ROUNDS (default 5, at most 20) and
 * CHAOS_EVENTS (events per round, default 2,000, at most 20,000) bound it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { seededRandom } from '../seeded-random.ts';
import { chaosTable, failures, type NamedFigures } from './chaos-report.ts';
import { floodRound, killRound, type RoundFigures } from './chaos-round.ts';
import { consentFlood, customerStream } from './event-streams.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const Settings = z.object({
  CHAOS_SEED: z.coerce.number().int().nonnegative().optional(),
  CHAOS_ROUNDS: z.coerce.number().int().min(1).max(20).default(5),
  CHAOS_EVENTS: z.coerce.number().int().min(100).max(20_000).default(2_000),
});
const settings = Settings.safeParse(process.env);
if (!settings.success) {
  process.stderr.write(`chaos: ${z.prettifyError(settings.error)}\n`);
  process.exit(2);
}
const { CHAOS_ROUNDS: rounds, CHAOS_EVENTS: eventsPerRound } = settings.data;
const seed = settings.data.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31);
const random = seededRandom(seed);

/** Fast enough that the cart's hour passes in 0.1 s, so journeys send while events stream in. */
const SPEED = 36_000;
const CUSTOMERS_PER_ROUND = 40;
const LANES = 8;
const FLOOD_CUSTOMERS = 60;
const SETTLE_WITHIN_MS = 180_000;
const PROJECT_DIR = fileURLToPath(new URL('../../scenarios', import.meta.url));

const progress = (line: string) => process.stderr.write(`${line}\n`);
const work = await mkdtemp(join(tmpdir(), 'parcours-chaos-'));
const started = Date.now();
const rows: NamedFigures[] = [];
const broken: string[] = [];

/** A round that cannot run (the platform does not start) is reported, and the run fails. */
async function runRound(name: string, sent: number, round: () => Promise<RoundFigures>): Promise<void> {
  try {
    const figures = await round();
    rows.push({ name, sent, figures });
    progress(
      `  ${figures.acknowledged} acknowledged, ${figures.lost} lost, ${figures.duplicateSends} duplicate sends, ` +
        `${figures.optedOutSends} opted-out sends, ${figures.sends} messages, ${figures.seconds.toFixed(0)} s`,
    );
    for (const example of figures.examples) progress(`  ${example}`);
  } catch (error) {
    broken.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    progress(`  ${name} did not complete: ${error instanceof Error ? error.message : String(error)}`);
  }
}

try {
  progress(`chaos: seed ${seed}, ${rounds} rounds of ${eventsPerRound} events, speed ${SPEED}×`);
  for (let round = 1; round <= rounds; round += 1) {
    const lanes = customerStream(
      { prefix: `r${round}`, customers: CUSTOMERS_PER_ROUND, minEvents: eventsPerRound, lanes: LANES },
      random,
    );
    const sent = lanes.reduce((sum, lane) => sum + lane.length, 0);
    const killAfter = Math.floor(sent * (0.15 + 0.7 * random()));
    const killDelayMs = Math.floor(random() * 200);
    progress(`round ${round}: ${sent} events, kill -9 ${killDelayMs} ms after ${killAfter} are acknowledged`);
    await runRound(`kill round ${round}`, sent, () =>
      killRound({
        projectDir: PROJECT_DIR,
        dataDir: join(work, `round-${round}`),
        speed: SPEED,
        lanes,
        killAfter,
        killDelayMs,
        settleWithinMs: SETTLE_WITHIN_MS,
      }),
    );
  }
  const flood = consentFlood('flood', FLOOD_CUSTOMERS, new Date(), random);
  const floodSent = flood.profiles.length + flood.changes.length + flood.carts.length;
  progress(
    `consent flood: ${FLOOD_CUSTOMERS} customers, ${flood.changes.length} consent changes out of order`,
  );
  await runRound('consent flood', floodSent, () =>
    floodRound({
      projectDir: PROJECT_DIR,
      dataDir: join(work, 'flood'),
      speed: SPEED,
      flood,
      settleWithinMs: SETTLE_WITHIN_MS,
    }),
  );
} finally {
  await rm(work, { recursive: true, force: true });
}

const seconds = (Date.now() - started) / 1000;
process.stdout.write(`${chaosTable(rows)}\n\nseed ${seed}; run time ${seconds.toFixed(0)} s\n`);
for (const line of broken) process.stdout.write(`chaos: ${line}\n`);
const failed = failures(rows);
if (failed > 0) {
  process.stdout.write(
    `chaos: ${failed} lost or rejected events, duplicate sends or sends to opted-out customers\n`,
  );
}
if (failed > 0 || broken.length > 0) process.exitCode = 1;
