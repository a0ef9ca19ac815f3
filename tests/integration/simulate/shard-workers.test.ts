import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProject } from '../../../local/platform/project-build.ts';
import type { ShardRequest } from '../../../local/simulate/shard-worker.ts';
import { startShardWorkers } from '../../../local/simulate/shard-workers.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';
import { useProjectFixtures } from '../../helpers/project-fixture.ts';
import { threadCount } from '../../helpers/threads.ts';

const { tempDir } = useProjectFixtures();

describe('the shard workers', () => {
  it('fail the run when one shard fails, naming it, and all stop when closed', async () => {
    // Prepare: two shards, the second told to read profiles from a file that is not there.
    const build = await buildProject(EXAMPLES_DIR);
    const dir = await tempDir();
    const request = (shard: number, input: ShardRequest['input']): ShardRequest => ({
      build,
      input,
      from: new Date('2026-11-16T00:00:00Z'),
      clocksUntil: new Date('2026-11-16T00:00:00Z'),
      store: 'memory',
      files: {
        facts: join(dir, `facts-${shard}.jsonl`),
        journeys: join(dir, `journeys-${shard}.jsonl`),
        messages: join(dir, `messages-${shard}.jsonl`),
        executions: join(dir, `executions-${shard}.jsonl`),
      },
    });
    const missing = join(dir, 'no-such-profiles.jsonl');
    const before = threadCount();
    const workers = startShardWorkers(2);

    // Act
    const run = workers.run([
      request(0, { kind: 'memory', events: [], profiles: [] }),
      request(1, {
        kind: 'files',
        events: { path: missing, index: { offsets: new Float64Array(), lengths: new Uint32Array() } },
        profiles: missing,
        shard: 1,
        shards: 2,
      }),
    ]);

    // Assess
    await expect(run).rejects.toThrow(/^simulation shard 2 of 2 failed: .*ENOENT/);
    await workers.close();
    expect(threadCount()).toBeLessThanOrEqual(before);
  });
});
