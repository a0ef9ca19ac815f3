import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../local/bus/bus-event.ts';
import { type LocalBus, startLocalBus } from '../../local/bus/local-bus.ts';
import { parcours } from '../helpers/cli-process.ts';
import { useProjectFixtures } from '../helpers/project-fixture.ts';

const { tempDir } = useProjectFixtures();

/** Each spawn compiles the CLI with tsx (about 1.5 s, more on a busy machine). */
const SPAWNS = { timeout: 60_000 };

/** Writes each `name: content` into a fresh temp folder and returns the folder. */
async function writeFiles(contents: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  await Promise.all(Object.entries(contents).map(([name, content]) => writeFile(join(dir, name), content)));
  return dir;
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

const buses: LocalBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

describe('parcours pattern test', SPAWNS, () => {
  it('prints match and exits 0, or no match and exits 1', async () => {
    // Prepare
    const dir = await writeFiles({
      'pattern.json': JSON.stringify({ source: ['shop.app'], detail: { total: [{ numeric: ['>=', 100] }] } }),
      'big.json': JSON.stringify({
        source: 'shop.app',
        'detail-type': 'order.placed',
        detail: { total: 250 },
      }),
      'small.json': JSON.stringify({
        source: 'shop.app',
        'detail-type': 'order.placed',
        detail: { total: 20 },
      }),
    });
    const pattern = join(dir, 'pattern.json');

    // Act
    const [big, small] = await Promise.all([
      parcours(['pattern', 'test', pattern, join(dir, 'big.json')]),
      parcours(['pattern', 'test', pattern, join(dir, 'small.json')]),
    ]);

    // Assess
    expect(big).toEqual({ code: 0, stdout: 'match\n', stderr: '' });
    expect(small).toEqual({ code: 1, stdout: 'no match\n', stderr: '' });
  });

  it('exits 2 on an invalid pattern, listing each violation as file:path: message, or on a missing file', async () => {
    // Prepare
    const dir = await writeFiles({
      'pattern.json': JSON.stringify({ source: 'shop.app', detail: { total: [], step: [{ numerik: 1 }] } }),
      'event.json': JSON.stringify({ source: 'shop.app', 'detail-type': 'x', detail: {} }),
    });
    const pattern = join(dir, 'pattern.json');
    const absent = join(dir, 'absent.json');

    // Act
    const [invalid, unreadable] = await Promise.all([
      parcours(['pattern', 'test', pattern, join(dir, 'event.json')]),
      parcours(['pattern', 'test', pattern, absent]),
    ]);

    // Assess
    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toBe('');
    expect(lines(invalid.stderr)).toEqual([
      `${pattern}:source: expected array or object, received string`,
      `${pattern}:detail.total: a field must list at least one value to match`,
      `${pattern}:detail.step[0]: unknown key "numerik"`,
    ]);
    expect(unreadable).toEqual({ code: 2, stdout: '', stderr: `parcours: ${absent}: file not found\n` });
  });
});

describe('parcours send-event', SPAWNS, () => {
  it('publishes a file of JSON lines through the EventBridge client to the local bus, and says the verdict is unknown without a dev server', async () => {
    // Prepare: a bare bus, and an admin endpoint where nothing listens
    const closed = await startLocalBus({ port: 0 });
    await closed.close();
    const bus = await startLocalBus({ port: 0, deliverBeforeResponse: true });
    buses.push(bus);
    const received: BusEvent[] = [];
    bus.subscribe('shop', { source: ['shop.app'] }, async (event) => {
      received.push(event);
    });
    const dir = await writeFiles({
      'events.jsonl': [
        JSON.stringify({ source: 'shop.app', 'detail-type': 'cart.updated', detail: { profileId: 'p-1' } }),
        JSON.stringify({
          Source: 'shop.app',
          DetailType: 'order.placed',
          Detail: JSON.stringify({ profileId: 'p-1', total: 250 }),
          Time: '2026-02-14T08:30:05Z',
        }),
      ].join('\n'),
    });

    // Act
    const run = await parcours([
      'send-event',
      '--endpoint',
      bus.endpoint,
      '--admin',
      closed.endpoint,
      join(dir, 'events.jsonl'),
    ]);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual(
      received.map(
        (event) =>
          `unknown ${event.id}: no dev server answered at ${closed.endpoint}, so the platform's verdict is unknown`,
      ),
    );
    expect(received).toEqual([
      expect.objectContaining({ 'detail-type': 'cart.updated', detail: { profileId: 'p-1' } }),
      expect.objectContaining({
        'detail-type': 'order.placed',
        time: '2026-02-14T08:30:05Z',
        detail: { profileId: 'p-1', total: 250 },
      }),
    ]);
  });

  it('exits 2 with a hint when no bus listens, and names the line of bad JSON', async () => {
    // Prepare
    const stopped = await startLocalBus({ port: 0 });
    await stopped.close();
    const dir = await writeFiles({ 'broken.jsonl': '{"source": "shop.app"}\n{"source": shop}\n' });
    const broken = join(dir, 'broken.jsonl');

    // Act
    const [noBus, badJson] = await Promise.all([
      parcours(['send-event', '--source', 'shop.app', '--detail-type', 'ping'], {
        env: { PARCOURS_BUS_ENDPOINT: stopped.endpoint },
      }),
      parcours(['send-event', '--endpoint', stopped.endpoint, broken]),
    ]);

    // Assess
    expect(noBus).toEqual({
      code: 2,
      stdout: '',
      stderr: `parcours: no local bus at ${stopped.endpoint} — start it with npm start\n`,
    });
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toBe(`parcours: ${broken}:2: not valid JSON: Unexpected token 's' (column 12)\n`);
  });
});
