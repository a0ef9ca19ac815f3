import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../local/simulate/simulate.ts';
import { CLI_BIN, parcours } from '../helpers/cli-process.ts';
import { EXAMPLES_DIR, REPO_ROOT } from '../helpers/project-fixture.ts';

let dir: string;

describe('parcours console', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parcours-console-cli-'));
    const report = await simulate({
      projectDir: EXAMPLES_DIR,
      events: [
        {
          id: 'cart-1',
          source: 'shop',
          'detail-type': 'cart.updated',
          time: '2026-11-02T09:00:00.000Z',
          detail: { profileId: 'ana', cartId: 'k-1', itemCount: 1, items: [] },
        },
      ],
      profiles: [
        {
          profileId: 'ana',
          email: 'ana@example.com',
          pushTokens: [],
          consents: { topics: {} },
          attributes: {},
        },
      ],
      until: new Date('2026-11-04T00:00:00Z'),
    });
    await writeFile(join(dir, 'week.json'), JSON.stringify(report));
    await writeFile(join(dir, 'not-a-report.json'), JSON.stringify({ from: 'yesterday' }));
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a saved backtest until stopped', async () => {
    // Act
    const child = spawn(
      process.execPath,
      [CLI_BIN, 'console', '--report', join(dir, 'week.json'), '--port', '0'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const found = /(http:\/\/127\.0\.0\.1:\d+\/console\/)/.exec(output)?.[1];
        if (found !== undefined) resolve(found);
      });
      child.once('exit', (code) => reject(new Error(`parcours console exited with ${code}: ${output}`)));
    });
    const page = await fetch(`${url}customers/ana`);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');

    // Assess
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('✓ sent email cart-email to a***@e***.com');
    expect(await exited).toEqual([0, null]);
  }, 60_000);

  it('names what is wrong with a file that is not a report, and exits 2', async () => {
    const run = await parcours(['console', '--report', join(dir, 'not-a-report.json'), '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a report of parcours simulate --json');
  }, 60_000);

  it('says a report that is not there is not found, and exits 2', async () => {
    const absent = join(dir, 'absent.json');
    const run = await parcours(['console', '--report', absent, '--port', '0']);
    expect(run).toMatchObject({ code: 2, stderr: `parcours: ${absent}: file not found\n` });
  }, 60_000);

  it('says how to start the local console when no dev server runs, and exits 2', async () => {
    const run = await parcours(['console', '--data', join(dir, 'no-server')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no dev server runs for this data folder: start it with `npm start`');
  }, 60_000);

  it('reads a deployed stack only with credentials, and says how to get them when there are none', async () => {
    const run = await parcours(['console', '--aws', '--stack', 'Parcours', '--port', '0'], {
      env: {
        AWS_PROFILE: '',
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_SESSION_TOKEN: '',
        AWS_REGION: 'eu-west-1',
        AWS_CONFIG_FILE: join(dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
        AWS_WEB_IDENTITY_TOKEN_FILE: '',
      },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no AWS credentials: sign in as you do for the AWS CLI');
  }, 60_000);

  it("serves a deployment's customers on loopback only", async () => {
    const run = await parcours(['console', '--aws', '--host', '0.0.0.0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--host 0.0.0.0: the console of a deployment shows customers');
  }, 60_000);

  it('refuses --aws with --report, which name two sources', async () => {
    const run = await parcours(['console', '--aws', '--report', join(dir, 'week.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--aws.*cannot be used with.*--report/);
  }, 60_000);
});
