import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { killRound } from '../../bench/chaos/chaos-round.ts';
import { customerStream } from '../../bench/chaos/event-streams.ts';
import { seededRandom } from '../../bench/seeded-random.ts';
import { useProjectFixtures } from '../helpers/project-fixture.ts';

const { copyExamples, tempDir } = useProjectFixtures();

/** The cart's hour of waiting takes 0.1 s and its day 2.4 s: journeys send while events stream in. */
const SPEED = 36_000;
const EVENTS = 300;

/** The examples with the abandoned-cart journey only: a small project that starts fast. */
async function cartProject(): Promise<string> {
  const project = await copyExamples();
  for (const file of await readdir(project.dir)) {
    if (
      file.endsWith('.yaml') &&
      !['abandoned-cart.yaml', 'parcours.config.yaml', 'programs.yaml'].includes(file)
    )
      await rm(project.path(file));
  }
  return project.dir;
}

describe('parcours dev killed with SIGKILL mid-stream', () => {
  it('loses no acknowledged event and sends no message twice once restarted on the same data folder', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const projectDir = await cartProject();
    const dataDir = join(await tempDir(), 'data');
    const random = seededRandom(9);
    const lanes = customerStream({ prefix: 'crash', customers: 12, minEvents: EVENTS, lanes: 3 }, random);

    // Act
    const figures = await killRound({
      projectDir,
      dataDir,
      speed: SPEED,
      lanes,
      killAfter: Math.floor(EVENTS * 0.4),
      killDelayMs: 5,
      settleWithinMs: 40_000,
    });

    // Assess
    expect(figures.killedAfter).toBeGreaterThanOrEqual(Math.floor(EVENTS * 0.4));
    expect(figures.acknowledged).toBeGreaterThanOrEqual(EVENTS);
    // The kill left acknowledged events unhandled in the journal: the restart had work to recover.
    expect(figures.redelivered ?? 0).toBeGreaterThan(0);
    // Processed means marked processed by ingest: an event the kill cut short and nobody finished is lost.
    expect(figures.lostIds).toEqual([]);
    // Every event sent is valid: one rejected after the restart was refused for the crash's sake.
    expect(figures.rejected).toBe(0);
    expect(figures.sends).toBeGreaterThan(0);
    expect(figures.examples.filter((example) => example.startsWith('duplicate'))).toEqual([]);
    expect(figures.duplicateSends).toBe(0);
    expect(figures.optedOutSends).toBe(0);
  });
});
