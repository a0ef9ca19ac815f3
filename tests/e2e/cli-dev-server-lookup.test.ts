import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_FILE } from '../../local/dev/server-file.ts';
import { type DevServer, startDevServer } from '../../local/platform/dev-server.ts';
import { closedPort, parcours } from '../helpers/cli-process.ts';
import { EXAMPLES_DIR, useProjectFixtures } from '../helpers/project-fixture.ts';

/** A spawn runs the built CLI in a fraction of a second, its sources through tsx in a few. */
const SPAWNS = { timeout: 60_000 };
const { tempDir } = useProjectFixtures();

describe('the CLI finds a running dev server through its data folder, whatever its port', SPAWNS, () => {
  let dataDir: string;
  let server: DevServer;

  beforeAll(async () => {
    // Not a fixture folder: those go after each test, and this one outlives them.
    dataDir = await mkdtemp(join(tmpdir(), 'parcours-lookup-'));
    // Port 0: the system picks the ports, so nothing can be found by guessing 4010.
    server = await startDevServer({
      projectDir: EXAMPLES_DIR,
      dataDir,
      busPort: 0,
      demo: false,
      watch: false,
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('send-event publishes to it and reports its verdict', async () => {
    // Act
    const run = await parcours([
      'send-event',
      '--data',
      dataDir,
      '--source',
      'shop',
      '--detail-type',
      'cart.updated',
      '--detail',
      '{"profileId":"lookup-ana","cartId":"c-1","itemCount":1}',
    ]);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // "accepted" is the admin endpoint's verdict: it was found too, not only the bus.
    expect(run.stdout).toMatch(/^accepted [0-9a-f-]{36}\n$/);
  });

  it('trace and rejected ask it rather than open the folder it holds', async () => {
    // Act
    const [trace, rejected] = await Promise.all([
      parcours(['trace', 'lookup-ana', '--data', dataDir]),
      parcours(['rejected', '--data', dataDir]),
    ]);

    // Assess
    expect(trace.stderr).toBe('');
    expect(trace.stdout).toContain(`(from the dev server at ${server.adminUrl};`);
    expect(rejected.stderr).toBe('');
    expect(rejected.stdout).toContain(`from the dev server at ${server.adminUrl})`);
  });
});

describe('a dev server recorded in the data folder that does not answer', SPAWNS, () => {
  it('is named with its address and the way to start it, in one line and exit 2', async () => {
    // Prepare: a record a live process (this one) left, pointing at ports nothing listens on.
    const dataDir = await tempDir();
    const port = await closedPort();
    await writeFile(
      join(dataDir, SERVER_FILE),
      JSON.stringify({
        pid: process.pid,
        busEndpoint: `http://127.0.0.1:${port}`,
        adminUrl: `http://127.0.0.1:${port + 1}`,
        inboxUrl: `http://127.0.0.1:${port + 2}`,
      }),
    );

    // Act
    const [send, trace] = await Promise.all([
      parcours(['send-event', '--data', dataDir, '--source', 'shop', '--detail-type', 'ping']),
      parcours(['trace', 'ana', '--data', dataDir]),
    ]);

    // Assess
    expect(send).toEqual({
      code: 2,
      stdout: '',
      stderr: `parcours: no local bus at http://127.0.0.1:${port}, where the dev server of ${dataDir} said it listens — is it stopping? start it again with npm start\n`,
    });
    expect(trace).toEqual({
      code: 2,
      stdout: '',
      stderr: `parcours: the dev server (process ${process.pid}) holds ${dataDir} but did not answer at http://127.0.0.1:${port + 1}; if it is starting or reloading, try again in a moment\n`,
    });
  });
});

describe('a dev server that stops', () => {
  it('takes its record out of the data folder', async () => {
    // Prepare
    const dataDir = await tempDir();
    const server = await startDevServer({
      projectDir: EXAMPLES_DIR,
      dataDir,
      busPort: 0,
      demo: false,
      watch: false,
      log: () => undefined,
    });
    const whileRunning = await access(join(dataDir, SERVER_FILE)).then(() => true);

    // Act
    await server.stop();

    // Assess
    expect(whileRunning).toBe(true);
    await expect(access(join(dataDir, SERVER_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);
});
