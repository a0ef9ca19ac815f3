import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { settle } from '../../bench/chaos/chaos-round.ts';
import { ChildPlatform, freePortTriple, sleep } from '../../bench/chaos/child-platform.ts';
import { readDataFolder } from '../../bench/chaos/data-folder-audit.ts';
import { EXAMPLES_DIR, useProjectFixtures } from '../helpers/project-fixture.ts';

const { tempDir } = useProjectFixtures();

/** Journey time 36,000× real time: a real second is ten journey hours. */
const SPEED = 36_000;
/** Under the 5 s after which the dev server first saves its clock on its own. */
const BEFORE_FIRST_SAVE_MS = 1_000;

describe('parcours dev killed before it first saved its clock', () => {
  it('restarts with journey time past every event it acknowledged, and rejects none of them', {
    timeout: 120_000,
  }, async () => {
    // Prepare: events the bus stamps ten journey hours after the start, then a kill
    const dataDir = join(await tempDir(), 'data');
    const options = { projectDir: EXAMPLES_DIR, dataDir, port: await freePortTriple(), speed: SPEED };
    const first = await ChildPlatform.start(options);
    const client = new EventBridgeClient({
      endpoint: first.busEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    await sleep(BEFORE_FIRST_SAVE_MS);
    const entries = Array.from({ length: 10 }, (_, index) => ({
      Source: 'app',
      DetailType: 'profile.updated',
      Detail: JSON.stringify({ profileId: `kim-${index}`, email: `kim-${index}@example.com` }),
    }));
    const answer = await client.send(new PutEventsCommand({ Entries: entries }));
    await first.kill();
    client.destroy();

    // Act
    const second = await ChildPlatform.start(options);
    await settle(second, 60_000, 1_000);
    await second.stop();
    const folder = await readDataFolder(dataDir);

    // Assess
    const acknowledged = (answer.Entries ?? []).flatMap(({ EventId }) =>
      EventId === undefined ? [] : [EventId],
    );
    expect(acknowledged).toHaveLength(10);
    expect(acknowledged.filter((id) => folder.rejected.has(id))).toEqual([]);
    expect(acknowledged.filter((id) => !folder.events.has(id))).toEqual([]);
  });
});
