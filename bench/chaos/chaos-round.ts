import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DATA_FILES } from '../../local/dev/data-files.ts';
import { ChildPlatform, freePortTriple, sleep } from './child-platform.ts';
import {
  type DataFolderContents,
  duplicateSends,
  type IntakeFigures,
  intakeFigures,
  optedOutSends,
  readDataFolder,
} from './data-folder-audit.ts';
import { type ConsentFlood, spread } from './event-streams.ts';
import { LanePublisher } from './lane-publisher.ts';

export type RoundFigures = IntakeFigures & {
  readonly sends: number;
  readonly duplicateSends: number;
  readonly optedOutSends: number;
  /** How many events were acknowledged when the platform was killed. */
  readonly killedAfter: number | undefined;
  /** Events the restarted platform found in its bus journal, undelivered, and delivered again. */
  readonly redelivered: number | undefined;
  readonly seconds: number;
  /** Why a figure is not zero: lost ids, duplicated steps, opted-out sends. */
  readonly examples: readonly string[];
};

export type KillRoundOptions = {
  readonly projectDir: string;
  readonly dataDir: string;
  readonly speed: number;
  readonly lanes: readonly (readonly PutEventsRequestEntry[])[];
  /** Kill -9 the platform once this many events are acknowledged. */
  readonly killAfter: number;
  /** Waits this long (0 to `killJitterMs`) before the kill, so it lands between or inside requests. */
  readonly killDelayMs: number;
  readonly settleWithinMs: number;
};

/**
 * One round: stream to `parcours dev`, kill -9 it once `killAfter` events are acknowledged,
 * start it again on the same data folder, send what was never acknowledged, wait until it has
 * handled everything, stop it cleanly, and audit its data folder.
 */
export async function killRound(options: KillRoundOptions): Promise<RoundFigures> {
  const started = Date.now();
  const port = await freePortTriple();
  const platformOptions = {
    projectDir: options.projectDir,
    dataDir: options.dataDir,
    port,
    speed: options.speed,
  };
  const publisher = new LanePublisher(options.lanes);
  let killedAfter: number | undefined;
  const first = await ChildPlatform.start(platformOptions);
  try {
    await publisher.run(first.busEndpoint, async () => {
      if (killedAfter !== undefined || publisher.acknowledged.length < options.killAfter) return;
      killedAfter = publisher.acknowledged.length;
      await sleep(options.killDelayMs);
      await first.kill();
    });
  } finally {
    await first.kill();
  }
  const second = await ChildPlatform.start(platformOptions);
  try {
    for (let attempt = 0; attempt < 3 && publisher.remaining > 0; attempt += 1) {
      await publisher.run(second.busEndpoint);
    }
    if (publisher.remaining > 0)
      throw new Error(`${publisher.remaining} events could not be sent after the restart`);
    await settle(second, options.settleWithinMs);
  } finally {
    await second.stop();
  }
  const contents = await readDataFolder(options.dataDir);
  return {
    ...figuresOf(publisher.acknowledged, contents, killedAfter, started),
    redelivered: second.redelivered,
  };
}

export function figuresOf(
  acknowledged: readonly string[],
  contents: DataFolderContents,
  killedAfter: number | undefined,
  started: number,
): RoundFigures {
  const intake = intakeFigures(acknowledged, contents);
  const duplicates = duplicateSends(contents);
  const optedOut = optedOutSends(contents);
  return {
    ...intake,
    sends: contents.sends.length,
    duplicateSends: duplicates.count,
    optedOutSends: optedOut.count,
    killedAfter,
    redelivered: undefined,
    seconds: (Date.now() - started) / 1000,
    examples: [
      ...intake.lostIds.slice(0, 5).map((id) => `lost: ${id}`),
      ...duplicates.examples.slice(0, 5).map((example) => `duplicate: ${example}`),
      ...optedOut.examples.map((example) => `opted-out send: ${example}`),
    ],
  };
}

/**
 * Waits until the bus has delivered every event it accepted and no message has gone out for
 * `quietMs`: the journeys the stream started have sent what they will send soon.
 */
export async function settle(platform: ChildPlatform, withinMs: number, quietMs = 3_000): Promise<void> {
  const outbox = join(platform.options.dataDir, DATA_FILES.outbox);
  const deadline = Date.now() + withinMs;
  let lastSize = -1;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const backlog = (await platform.health())?.bus;
    const size = (await stat(outbox).catch(() => undefined))?.size ?? 0;
    if (size !== lastSize) {
      lastSize = size;
      quietSince = Date.now();
    }
    const caughtUp = backlog !== undefined && backlog !== null && backlog.undelivered === backlog.parked;
    if (caughtUp && Date.now() - quietSince >= quietMs) return;
    await sleep(200);
  }
  throw new Error(`the platform did not settle within ${withinMs} ms:\n${platform.lastLines()}`);
}

export type FloodRoundOptions = {
  readonly projectDir: string;
  readonly dataDir: string;
  readonly speed: number;
  readonly flood: ConsentFlood;
  readonly settleWithinMs: number;
};

/**
 * The out-of-order consent flood: profiles, then every consent change in a shuffled order with
 * its own event time, then (once all are handled) one cart per customer. Nothing is killed.
 */
export async function floodRound(options: FloodRoundOptions): Promise<RoundFigures> {
  const started = Date.now();
  const port = await freePortTriple();
  const platform = await ChildPlatform.start({
    projectDir: options.projectDir,
    dataDir: options.dataDir,
    port,
    speed: options.speed,
  });
  const acknowledged: string[] = [];
  try {
    for (const lanes of [[options.flood.profiles], spread(options.flood.changes, 4), [options.flood.carts]]) {
      const publisher = new LanePublisher(lanes);
      await publisher.run(platform.busEndpoint);
      if (publisher.remaining > 0)
        throw new Error(`${publisher.remaining} flood events were not acknowledged`);
      acknowledged.push(...publisher.acknowledged);
      await settle(platform, options.settleWithinMs, 1_000);
    }
    await settle(platform, options.settleWithinMs);
  } finally {
    await platform.stop();
  }
  return figuresOf(acknowledged, await readDataFolder(options.dataDir), undefined, started);
}
