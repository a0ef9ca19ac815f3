import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { Profile } from '../../shared/profiles/profile.ts';
import { updateProfile } from '../../shared/profiles/store.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';
import { eventTime } from '../bus/bus-event.ts';
import type { PublishInput } from '../bus/local-bus.ts';

const DEMO_DIR = new URL('../demo/', import.meta.url);

const DemoProfile = z.object({ note: z.string(), profile: Profile });

/** An event of the demo stream: `minute` of journey time after the start, or `daysAgo` (history). */
const DemoEvent = z
  .object({
    minute: z.number().min(0).optional(),
    daysAgo: z.number().positive().optional(),
    source: z.string().min(1),
    'detail-type': z.string().min(1),
    detail: z.looseObject({ profileId: z.string().min(1) }),
  })
  .refine((event) => (event.minute === undefined) !== (event.daysAgo === undefined), {
    message: 'give either minute or daysAgo',
  });
type DemoEvent = z.infer<typeof DemoEvent>;

export type Demo = {
  readonly profiles: readonly z.infer<typeof DemoProfile>[];
  readonly events: readonly DemoEvent[];
};

export async function loadDemo(): Promise<Demo> {
  const read = async (file: string): Promise<unknown> =>
    JSON.parse(await readFile(new URL(file, DEMO_DIR), 'utf8'));
  return {
    profiles: z.array(DemoProfile).parse(await read('profiles.json')),
    events: z.array(DemoEvent).parse(await read('events.json')),
  };
}

export type DemoDeps = {
  readonly store: ItemStore;
  /** Publishes on whatever bus runs at that moment (the platform restarts when scenarios change). */
  readonly publish: (input: PublishInput) => Promise<unknown>;
  readonly now: () => Date;
  readonly speed: number;
  readonly onError: (error: unknown) => void;
};

/** How long the stream lasts, in journey minutes, for the banner. */
export function demoMinutes(demo: Demo): number {
  return Math.max(0, ...demo.events.map((event) => event.minute ?? 0));
}

/**
 * Loads the demo customers, then publishes the demo's history at once and its stream at its journey
 * minutes, through the bus like any app's events. Returns a function that stops the stream.
 */
export async function playDemo(demo: Demo, deps: DemoDeps): Promise<() => void> {
  const start = deps.now();
  for (const { profile } of demo.profiles) {
    await updateProfile(deps.store, profile.profileId, () => profile, start);
  }
  const timers: NodeJS.Timeout[] = [];
  const publish = (event: DemoEvent, time: Date | undefined) => {
    deps
      .publish({
        source: event.source,
        'detail-type': event['detail-type'],
        detail: event.detail,
        ...(time === undefined ? {} : { time: eventTime(time) }),
      })
      .catch(deps.onError);
  };
  for (const event of demo.events) {
    if (event.daysAgo !== undefined) {
      publish(event, new Date(start.getTime() - event.daysAgo * 86_400_000));
      continue;
    }
    // Journey minutes become wall-clock delays at the server's speed; the bus stamps the time.
    const delay = ((event.minute ?? 0) * 60_000) / deps.speed;
    timers.push(setTimeout(() => publish(event, undefined), delay));
  }
  return () => {
    for (const timer of timers) clearTimeout(timer);
  };
}
