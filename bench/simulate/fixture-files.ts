import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { abandonedCartCustomers } from './journeys.ts';

export type FixtureFiles = { readonly events: string; readonly profiles: string; readonly journeys: number };

/**
 * The abandoned-cart fixture written as the JSON-lines files a user gives `parcours simulate`,
 * one customer at a time, so a million of them are never in this process's memory either.
 */
export async function writeFixtureFiles(dir: string, journeys: number, seed?: number): Promise<FixtureFiles> {
  const files = { events: join(dir, 'events.jsonl'), profiles: join(dir, 'profiles.jsonl'), journeys };
  const events = createWriteStream(files.events);
  const profiles = createWriteStream(files.profiles);
  for (const customer of abandonedCartCustomers(journeys, seed)) {
    await line(profiles, customer.profile);
    for (const event of customer.events) await line(events, event);
  }
  await Promise.all([closed(events), closed(profiles)]);
  return files;
}

async function line(stream: WriteStream, value: unknown): Promise<void> {
  if (!stream.write(`${JSON.stringify(value)}\n`)) await once(stream, 'drain');
}

async function closed(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'close');
}
