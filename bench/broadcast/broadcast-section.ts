import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { buildCli } from '../../cli/build/build-cli.ts';
import { fixed, int, machineLine, megabytes, table } from '../format.ts';
import { progress } from '../measure.ts';
import { type CliRunFigures, simulateWithCli } from '../simulate/cli-run.ts';
import { PROJECT_DIR } from '../simulate/project.ts';

/** The zones the recipients live in: the broadcast goes out at 10:00 in each. */
const ZONES = [
  'Pacific/Auckland',
  'Asia/Tokyo',
  'Europe/Paris',
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
];

/** A one-email announcement at 10:00 in each customer's zone, to everyone reachable by email. */
const ANNOUNCEMENT = `id: announcement
name: Winter sale announcement
program: engagement
stage: retention
trigger:
  schedule:
    at: "2026-12-07T10:00"
    time-zone: local
    audience: { reachable: email }
steps:
  - id: announcement
    send: email
    template: monthly-newsletter
`;

const Report = z.object({ messages: z.array(z.unknown()), refusals: z.array(z.unknown()).optional() });

/**
 * A broadcast as `parcours simulate` replays it: the examples' project with a one-email
 * announcement, recipients in six zones (a twentieth without an email address, a thirtieth opted
 * out), through the built CLI on one worker per core. Run on `recipients` and on a small
 * `baseline`: the difference of their peak memory over the recipients between is what each
 * recipient costs, without Node's and the platform's fixed cost.
 */
export async function broadcastSection(recipients: number, baseline: number): Promise<string> {
  const loadAtStart = os.loadavg()[0] ?? 0;
  const workers = os.availableParallelism();
  progress('broadcast: building the CLI');
  await buildCli();
  const root = join(os.tmpdir(), 'parcours-bench-broadcast');
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(join(root, 'run-'));
  try {
    const project = join(dir, 'project');
    await cp(PROJECT_DIR, project, { recursive: true });
    await writeFile(join(project, 'announcement.yaml'), ANNOUNCEMENT);
    const runs: { recipients: number; figures: CliRunFigures; sent: number; refused: number }[] = [];
    for (const count of [baseline, recipients]) {
      progress(`broadcast: writing ${int(count)} recipients`);
      const files = await writeRecipients(await mkdtemp(join(dir, 'input-')), count);
      progress(
        `broadcast: parcours simulate, an announcement to ${int(count)} customers, ${workers} workers`,
      );
      const figures = await simulateWithCli(files, workers, dir, {
        dir: project,
        args: ['--scenario', 'announcement', '--until', '2026-12-08T12:00:00Z'],
      });
      const report = Report.parse(JSON.parse(await readFile(figures.report, 'utf8')));
      runs.push({
        recipients: count,
        figures,
        sent: report.messages.length,
        refused: report.refusals?.length ?? 0,
      });
    }
    const [small, large] = runs;
    if (small === undefined || large === undefined) throw new Error('the broadcast runs did not both run');
    const perRecipient =
      (large.figures.peakRssBytes - small.figures.peakRssBytes) / (large.recipients - small.recipients);
    const marginal = (large.figures.seconds - small.figures.seconds) / (large.recipients - small.recipients);
    return [
      '## A broadcast in `parcours simulate`',
      '',
      machineLine({ start: loadAtStart, end: os.loadavg()[0] ?? 0 }),
      '',
      table(
        ['customers', 'emails sent', 'refused (unreachable)', 'time', 'customers/s', 'peak RSS'],
        runs.map(({ recipients: count, figures, sent, refused }) => [
          int(count),
          int(sent),
          int(refused),
          `${fixed(figures.seconds, 1)} s`,
          int(count / figures.seconds),
          megabytes(figures.peakRssBytes),
        ]),
      ),
      '',
      `Against the ${int(small.recipients)}-customer run: ${fixed(marginal * 1000, 2)} ms and ` +
        `${fixed(perRecipient / 1024, 1)} KB of peak memory per further customer.`,
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One event to start the clock (the simulation starts at the first event), and the customers. */
async function writeRecipients(dir: string, count: number) {
  const files = { events: join(dir, 'events.jsonl'), profiles: join(dir, 'profiles.jsonl'), journeys: count };
  const start = {
    id: 'clock-start',
    source: 'shop',
    'detail-type': 'page.viewed',
    time: '2026-12-01T00:00:00Z',
    detail: { profileId: 'customer-0' },
  };
  await writeFile(files.events, `${JSON.stringify(start)}\n`);
  const profiles = createWriteStream(files.profiles);
  for (let index = 0; index < count; index += 1) {
    const profile = {
      profileId: `customer-${index}`,
      ...(index % 20 === 19 ? {} : { email: `customer-${index}@example.com` }),
      timeZone: ZONES[index % ZONES.length],
      locale: index % 2 === 0 ? 'fr' : 'en',
      consents: { topics: {}, ...(index % 30 === 29 ? { email: 'opted-out' } : {}) },
      attributes: { firstName: `Customer ${index}` },
    };
    if (!profiles.write(`${JSON.stringify(profile)}\n`)) await once(profiles, 'drain');
  }
  profiles.end();
  await once(profiles, 'close');
  return files;
}
