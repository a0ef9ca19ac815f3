import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { audienceTarget, previewAudience } from '../../shared/broadcasts/audience-preview.ts';
import { SesEmailChannel } from '../../shared/channels/ses-email.ts';
import { loadProject } from '../../state-machines/project/load-project.ts';
import { validateProject } from '../../state-machines/validation/validate-project.ts';
import { formatViolation } from '../../state-machines/validation/violation.ts';
import type { PublishInput } from '../bus/local-bus.ts';
import { backtestShelf } from '../console/backtest-shelf.ts';
import { localConsoleSource } from '../console/sources/local-source.ts';
import { type AdminServer, startAdminServer } from '../dev/admin-server.ts';
import { banner, shown } from '../dev/banner.ts';
import { isEmpty } from '../dev/data-folder.ts';
import { demoMinutes, loadDemo, playDemo } from '../dev/demo.ts';
import { EventStatusBoard } from '../dev/event-status.ts';
import { HaltableTime } from '../dev/haltable-time.ts';
import { JourneyLog, type LogContext } from '../dev/journey-log.ts';
import { startLocalSes } from '../dev/local-ses.ts';
import { localUnsubscribe } from '../dev/local-unsubscribe.ts';
import { type ProjectWatcher, watchProject } from '../dev/project-watcher.ts';
import { listRejected } from '../dev/rejected-listing.ts';
import { type ResumeHooks, type ResumeReport, resumeExecutions } from '../dev/resume.ts';
import { journeyStart, readSavedClock, saveClock } from '../dev/saved-clock.ts';
import { forgetServer, recordServer } from '../dev/server-file.ts';
import { buildTrace } from '../dev/trace.ts';
import { maskTrace } from '../dev/trace-mask.ts';
import { LOCAL_SECRET, type Platform, startPlatform } from './local-platform.ts';
import { buildProject } from './project-build.ts';

export type DevServerOptions = {
  /** The folder holding the scenarios. */
  readonly projectDir: string;
  /** Where profiles, journeys, the ledger, the outbox and the bus journal persist. @default '.parcours' */
  readonly dataDir?: string;
  /** The bus port; the admin endpoint listens on the next one and the SES inbox on the one after. 0 for any. @default 4010 */
  readonly busPort?: number;
  /** Journey time runs this many times faster than real time. @default 60 */
  readonly speed?: number;
  /** Load the demo customers and events into a fresh data folder. @default true */
  readonly demo?: boolean;
  /** Where the log goes, one line at a time. @default stdout */
  readonly log?: (line: string) => void;
  /** Journey time at the start of a fresh data folder (tests pin it). @default now */
  readonly start?: Date;
  /** Re-validate and reload the scenarios when their files change. @default true */
  readonly watch?: boolean;
  /** The CLI's commands, so the banner suggests only those that exist. */
  readonly commands?: ReadonlySet<string>;
  /** Where the console finds saved backtests (`simulate --json` reports). @default none listed */
  readonly backtestsDir?: string;
};

export type DevServer = {
  readonly busEndpoint: string;
  readonly adminUrl: string;
  readonly inboxUrl: string;
  readonly dataDir: string;
  /** The platform running now: it is replaced when the scenarios are reloaded. */
  platform(): Platform;
  now(): Date;
  stop(): Promise<void>;
};

/** One start of the platform; a reload makes the next one. */
type Generation = { readonly platform: Platform; readonly time: HaltableTime; stopped: boolean };

const CLOCK_SAVE_MS = 5_000;

/**
 * What the clock saves while the server runs: not journey time itself but the furthest it can
 * reach before the next save (two periods, for a late timer). A process killed between saves then
 * restarts at or after every time it used, so events stamped after the restart never come before
 * earlier ones (an opt-out must not lose to the opt-in it answers), and ingest never finds an event
 * the bus acknowledged dated ahead of its clock. A clean stop saves the exact time.
 */
function clockHorizon(journeyTime: Date, speed: number): Date {
  return new Date(journeyTime.getTime() + 2 * CLOCK_SAVE_MS * speed);
}

/**
 * `npm start`: the local platform with a real SES stand-in, time sped up, a readable log, an admin
 * endpoint, a demo on first run, journeys resumed across restarts, and scenarios reloaded when
 * their files change.
 *
 * A reload restarts the platform in-process on the same data folder: running journeys are
 * resumed in the new version at the state they were in, and those whose state no longer exists
 * are marked interrupted. That is the same path as a restart, so there is one way to resume.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { projectDir } = options;
  const dataDir = resolve(options.dataDir ?? '.parcours');
  const busPort = options.busPort ?? 4010;
  const speed = options.speed ?? 60;
  const write = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  await mkdir(dataDir, { recursive: true });

  const firstStart = journeyStart(await readSavedClock(dataDir), options.start ?? new Date());
  let current: Generation | undefined;
  /**
   * Every clock save, periodic and final, in one chain: two saves never share the partial file,
   * and a stop's exact time is written after any periodic save before it, so it is the last word.
   */
  let clockSaves: Promise<void> = Promise.resolve();
  const queueClockSave = (journeyTime: Date): Promise<void> => {
    const save = clockSaves.then(() => saveClock(dataDir, journeyTime));
    clockSaves = save.catch(() => undefined);
    return save;
  };
  const log = new JourneyLog({
    write,
    context: () => (current === undefined ? undefined : contextOf(current.platform)),
    now: () => current?.time.now() ?? firstStart,
  });
  // Compiling the scenarios and opening the store take a few seconds: say so rather than sit silent.
  log.print(`Parcours: starting the local platform with ${shown(projectDir)}/ and ${shown(dataDir)}/ …`);

  const ses = await startLocalSes(busPort === 0 ? 0 : busPort + 2);
  const running = (): Generation => {
    if (current === undefined) throw new Error('the platform is restarting; ask again in a moment');
    return current;
  };
  // What became of each event, for `send-event`: kept across reloads, like the bus's endpoint.
  const eventStatuses = new EventStatusBoard();
  let admin: AdminServer;
  try {
    admin = await startAdminServer(busPort === 0 ? 0 : busPort + 1, {
      outbox: async () => running().platform.outbox.list(),
      trace: async (profileId, { reveal }) => {
        const { platform, time } = running();
        const trace = await buildTrace(
          platform.store,
          platform.outbox,
          platform.scenarios,
          profileId,
          time.now(),
        );
        return reveal ? trace : maskTrace(trace);
      },
      audience: async (name, { sample }) => {
        const { platform, time } = running();
        const target = audienceTarget(platform.bundle, name);
        if (typeof target === 'string') return target;
        return previewAudience(platform.store, platform.bundle, target, { now: time.now(), sample });
      },
      rejected: async (range) => {
        const { platform, time } = running();
        return listRejected(platform.store, range, time.now());
      },
      eventStatus: async (eventId, profileId) => {
        const { platform, time } = running();
        return eventStatuses.statusOf(eventId, {
          store: platform.store,
          now: time.now(),
          ...(profileId === undefined ? {} : { profileId }),
        });
      },
      unsubscribe: localUnsubscribe({
        secrets: [LOCAL_SECRET],
        clock: { now: () => current?.time.now() ?? firstStart },
        publish: async (entries) => {
          for (const entry of entries) await running().platform.bus.publish(entry);
        },
      }),
      console: {
        live: localConsoleSource({
          running: () => {
            const { platform, time } = running();
            return { platform, now: time.now() };
          },
          dataDir,
        }),
        ...(options.backtestsDir === undefined
          ? {}
          : { backtests: backtestShelf(resolve(options.backtestsDir), () => running().platform.scenarios) }),
      },
      health: () => ({
        status: current === undefined ? 'restarting' : 'ok',
        journeyTime: (current?.time.now() ?? firstStart).toISOString(),
        speed,
        dataDir,
        scenarios: current?.platform.scenarios.map(({ scenario }) => scenario.id) ?? [],
        // Events accepted and not yet handled: zero once the platform has caught up.
        bus: current?.platform.bus.backlog() ?? null,
      }),
    });
  } catch (error) {
    await ses.stop();
    throw error;
  }

  const startGeneration = async (start: Date, port: number): Promise<Generation> => {
    const time = new HaltableTime(speed, start);
    const platform = await startPlatform({
      project: await buildProject(projectDir),
      dataDir,
      time,
      busPort: port,
      // The real SES v2 client and adapter, against aws-ses-v2-local; the platform keeps a copy in the outbox.
      email: new SesEmailChannel(ses.client),
      onExecution: log.onExecution,
      onDeliveryError: log.onDeliveryError,
      onIngested: (eventId, outcome) => {
        eventStatuses.onIngested(eventId, outcome);
        if ('report' in outcome) log.onIngested(outcome.report);
      },
      // Unsubscribe links in the emails point at this server's admin endpoint.
      publicUrl: admin.url,
    });
    platform.bus.subscribe('dev-log', { source: [{ prefix: '' }] }, (event) => {
      // Delivered beside the platform's own subscription: from here on the board answers for it.
      eventStatuses.onDelivered(event.id);
      return log.onEvent(event);
    });
    // Starting takes seconds of compiling and opening the store: journey time starts after them.
    time.resetTo(start);
    platform.startClocks({
      // A failed broadcast or sweep is tried again a minute of journey time later.
      retryAfterMs: 60_000,
      onError: (scenario, error) =>
        log.say(
          'error',
          '',
          `schedule of ${scenario}: ${error instanceof Error ? error.message : String(error)}`,
        ),
    });
    return { platform, time, stopped: false };
  };
  const haltGeneration = async (generation: Generation): Promise<void> => {
    if (generation.stopped) return;
    generation.stopped = true;
    generation.time.halt();
    // Steps already in flight finish (and their state is saved) before the store closes.
    await generation.platform.activity.quiescent();
    await log.drain();
    await queueClockSave(generation.time.now());
    current = undefined;
    await generation.platform.stop();
  };

  let generation: Generation;
  try {
    // Before the bus takes its first event: a kill before the first periodic save (below) must
    // not restart journey time before the events this start acknowledged.
    await queueClockSave(clockHorizon(firstStart, speed));
    generation = await startGeneration(firstStart, busPort);
  } catch (error) {
    await admin.close();
    await ses.stop();
    throw error;
  }
  current = generation;
  let ready: Promise<Generation> = Promise.resolve(generation);
  // So `parcours trace`, `rejected` and `send-event` find this server whatever its ports.
  await recordServer(dataDir, {
    pid: process.pid,
    busEndpoint: generation.platform.bus.endpoint,
    adminUrl: admin.url,
    inboxUrl: ses.endpoint,
  });
  const fresh = await isEmpty(generation.platform.store);

  log.print(
    banner({
      busEndpoint: generation.platform.bus.endpoint,
      adminUrl: admin.url,
      inboxUrl: ses.endpoint,
      projectDir,
      dataDir,
      scenarios: generation.platform.scenarios,
      speed,
      journeyTime: generation.time.now(),
      commands: options.commands,
    }),
  );
  reportRedelivery(log, generation.platform);
  reportResumption(log, await resumeExecutions(generation.platform, resumeHooks(log)));

  let stopDemo: (() => void) | undefined;
  if (fresh && options.demo !== false) {
    const demo = await loadDemo();
    log.say('demo', '', `fresh data folder: ${demo.profiles.length} demo customers, then their events`);
    for (const { profile, note } of demo.profiles) log.say('demo', profile.profileId, note);
    log.say(
      'demo',
      '',
      `events over the next ${demoMinutes(demo)} journey minutes; first messages now, reminders an hour in (--no-demo to skip)`,
    );
    stopDemo = await playDemo(demo, {
      store: generation.platform.store,
      publish: async (input: PublishInput) => (await ready).platform.bus.publish(input),
      now: () => (current ?? generation).time.now(),
      speed,
      onError: log.onDeliveryError,
    });
  }

  let reloads: Promise<void> = Promise.resolve();
  const reload = async (files: readonly string[]): Promise<void> => {
    const changed = files.map((file) => join(projectDir, file)).join(', ') || projectDir;
    const { violations } = validateProject(await loadProject(projectDir));
    if (violations.length > 0) {
      log.say(
        'invalid',
        '',
        `${changed}: ${violations.length} problem(s); the previous version keeps running`,
      );
      for (const violation of violations) log.print(`    ${formatViolation(violation)}`);
      return;
    }
    log.say('reload', '', `${changed} changed and is valid: restarting the platform with it`);
    const previous = current ?? generation;
    // Demo events wait for the new platform rather than meet a closed bus.
    let restarted: (value: Generation) => void = () => undefined;
    ready = new Promise((resolveReady) => {
      restarted = resolveReady;
    });
    await haltGeneration(previous);
    // The same port, even when the system chose it: apps keep the endpoint they were given.
    generation = await startGeneration(previous.time.now(), previous.platform.bus.port);
    current = generation;
    restarted(generation);
    const report = await resumeExecutions(generation.platform, resumeHooks(log));
    reportResumption(log, report);
    log.say(
      'reload',
      '',
      `reloaded ${generation.platform.scenarios.length} scenarios; ${report.resumed.length} running journey(s) carried over` +
        (report.interrupted.length === 0 ? '' : `, ${report.interrupted.length} interrupted`),
    );
  };
  const watcher: ProjectWatcher | undefined =
    options.watch === false
      ? undefined
      : await watchProject(projectDir, (files) => {
          reloads = reloads.then(() =>
            reload(files).catch((error: unknown) => {
              const reason = error instanceof Error ? error.message : String(error);
              // Before the old platform was halted it still runs; after, nothing does.
              const state =
                current === undefined
                  ? 'nothing runs until the next valid save'
                  : 'the previous version keeps running';
              log.say('error', '', `reload failed, ${state}: ${reason}`);
            }),
          );
        });

  const clockSaver = setInterval(() => {
    if (current === undefined) return;
    // A failed periodic save is not fatal: the next one, or the stop's, writes the clock.
    void queueClockSave(clockHorizon(current.time.now(), speed)).catch(() => undefined);
  }, CLOCK_SAVE_MS);
  clockSaver.unref();

  let stopping: Promise<void> | undefined;
  return {
    busEndpoint: generation.platform.bus.endpoint,
    adminUrl: admin.url,
    inboxUrl: ses.endpoint,
    dataDir,
    platform: () => generation.platform,
    now: () => generation.time.now(),
    stop: () => {
      stopping ??= (async () => {
        watcher?.close();
        stopDemo?.();
        clearInterval(clockSaver);
        await reloads;
        await haltGeneration(generation);
        await admin.close();
        await ses.stop();
        await forgetServer(dataDir, process.pid);
        await log.drain();
      })();
      return stopping;
    },
  };
}

function contextOf(platform: Platform): LogContext {
  return {
    store: platform.store,
    outbox: platform.outbox,
    scenarios: platform.scenarios,
    activity: platform.activity,
  };
}

function resumeHooks(log: JourneyLog): ResumeHooks {
  return {
    beforeResume: (name, state) => log.expectResume(name, state),
    onFailure: (record, why) => log.say('interrupt', record.profileId, `${record.scenario}: ${why}`),
  };
}

/** Events a crash or stop left undelivered are delivered again: say so, since their lines follow. */
function reportRedelivery(log: JourneyLog, platform: Platform): void {
  const count = platform.bus.redelivered;
  if (count > 0) log.say('resume', '', `${count} event(s) accepted before the last stop are delivered again`);
}

function reportResumption(log: JourneyLog, report: ResumeReport): void {
  for (const { record, why } of report.interrupted) {
    log.say('interrupt', record.profileId, `${record.scenario}: not resumed, ${why}`);
  }
}
