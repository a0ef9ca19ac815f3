import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { fixed, int, machineLine, megabytes, table } from '../format.ts';
import { progress } from '../measure.ts';
import { simulateWithCli } from '../simulate/cli-run.ts';
import { PROJECT_DIR } from '../simulate/project.ts';
import { runAtTwoSizes } from '../simulate/two-sizes.ts';

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
 * out), through the built CLI on one worker per core, on `recipients` and on a small `baseline`
 * (see runAtTwoSizes): what each recipient costs.
 */
export async function broadcastSection(recipients: number, baseline: number): Promise<string> {
  const workers = os.availableParallelism();
  const { small, large, bytesPerUnit, secondsPerUnit, loadAverage } = await runAtTwoSizes(
    'broadcast',
    { baseline, count: recipients },
    async (dir, count) => {
      const project = join(dir, `project-${count}`);
      await cp(PROJECT_DIR, project, { recursive: true });
      await writeFile(join(project, 'announcement.yaml'), ANNOUNCEMENT);
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
      return { ...figures, sent: report.messages.length, refused: report.refusals?.length ?? 0 };
    },
  );
  return [
    '## A broadcast in `parcours simulate`',
    '',
    machineLine(loadAverage),
    '',
    table(
      ['customers', 'emails sent', 'refused (unreachable)', 'time', 'customers/s', 'peak RSS'],
      [small, large].map(({ count, figures }) => [
        int(count),
        int(figures.sent),
        int(figures.refused),
        `${fixed(figures.seconds, 1)} s`,
        int(count / figures.seconds),
        megabytes(figures.peakRssBytes),
      ]),
    ),
    '',
    `Against the ${int(small.count)}-customer run: ${fixed(secondsPerUnit * 1000, 2)} ms and ` +
      `${fixed(bytesPerUnit / 1024, 1)} KB of peak memory per further customer.`,
  ].join('\n');
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
