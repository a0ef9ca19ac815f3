import { describe, expect, it } from 'vitest';
import { DEFAULT_BUS_PORT } from '../../../cli/defaults.ts';
import { adminUrlOf } from '../../../cli/input/dev-server-request.ts';
import { askRecordedServer, askRunningServer } from '../../../cli/input/find-dev-server.ts';
import { recordServer } from '../../../local/dev/server-file.ts';
import { useProjectFixtures } from '../../helpers/project-fixture.ts';

const { tempDir } = useProjectFixtures();

/** Records whom it was asked, and answers only at `answering`. */
function asker(answering?: string) {
  const asked: string[] = [];
  const ask = async (admin: string) => {
    asked.push(admin);
    return admin === answering ? 'pong' : undefined;
  };
  return { asked, ask };
}

/** A server recorded in the folder as this process, so it counts as alive, its admin on 5011. */
function recordAliveServer(dataDir: string): Promise<void> {
  return recordServer(dataDir, {
    pid: process.pid,
    busEndpoint: 'http://127.0.0.1:5010',
    adminUrl: 'http://127.0.0.1:5011',
    inboxUrl: 'http://127.0.0.1:5012',
  });
}

describe('finding the dev server of a data folder', () => {
  it('asks the default port when no server is recorded in the folder, for the commands that fall back to it', async () => {
    // Prepare
    const { asked, ask } = asker();

    // Act
    const answer = await askRunningServer({ port: undefined, dataDir: await tempDir() }, ask);

    // Assess
    expect(answer).toEqual({ kind: 'none' });
    expect(asked).toEqual([adminUrlOf(DEFAULT_BUS_PORT)]);
  });

  it("asks no server at all when none runs from the folder, when only that folder's server will do", async () => {
    // Prepare
    const { asked, ask } = asker(adminUrlOf(DEFAULT_BUS_PORT));

    // Act
    const answer = await askRecordedServer(await tempDir(), ask);

    // Assess: the server at the default port runs from another folder, so it is not asked.
    expect(answer).toEqual({ kind: 'none' });
    expect(asked).toEqual([]);
  });

  it('asks the server recorded in the folder, whatever its port', async () => {
    // Prepare
    const dataDir = await tempDir();
    await recordAliveServer(dataDir);
    const { asked, ask } = asker('http://127.0.0.1:5011');

    // Act
    const answer = await askRecordedServer(dataDir, ask);

    // Assess
    expect(answer).toEqual({ kind: 'answered', value: 'pong', admin: 'http://127.0.0.1:5011' });
    expect(asked).toEqual(['http://127.0.0.1:5011']);
  });

  it('says the folder is held when its recorded server does not answer', async () => {
    // Prepare
    const dataDir = await tempDir();
    await recordAliveServer(dataDir);

    // Act
    const asking = askRecordedServer(dataDir, asker().ask);

    // Assess
    await expect(asking).rejects.toThrow(`the dev server (process ${process.pid}) holds ${dataDir}`);
  });
});
