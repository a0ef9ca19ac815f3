import { join } from 'node:path';
import { audienceTarget, previewAudience } from '../../../shared/broadcasts/audience-preview.ts';
import {
  readConvertedExecutions,
  readTrend,
  SINCE_THE_START,
} from '../../../shared/outcomes/report-queries.ts';
import { listRejected } from '../../dev/rejected-listing.ts';
import { buildTrace } from '../../dev/trace.ts';
import { maskTrace } from '../../dev/trace-mask.ts';
import { reportOfFactsFolder, withFactsFolder } from '../../outcomes/fact-outcomes.ts';
import { FACTS_FOLDER } from '../../outcomes/file-sink.ts';
import type { Platform } from '../../platform/local-platform.ts';
import { scenarioActivity, UNRECORDED_VERSION } from '../../runtime/scenario-activity.ts';
import { type ConsoleSource, latest, matchesMessage } from '../console-source.ts';
import { customerOfTrace } from '../views/customer-of-trace.ts';
import { reportContext } from './report-context.ts';

export type LocalConsoleDeps = {
  /** The platform running now and its journey time; throws while the platform restarts. */
  readonly running: () => { readonly platform: Platform; readonly now: Date };
  readonly dataDir: string;
};

/** The console over the running local platform: its store, outbox and outcome facts. */
export function localConsoleSource({ running, dataDir }: LocalConsoleDeps): ConsoleSource {
  const facts = join(dataDir, FACTS_FOLDER);
  return {
    title: 'local platform',
    now: () => running().now,
    scenarios: () => running().platform.scenarios,
    segments: () => Object.keys(running().platform.bundle.config.segments),
    outcomes: async () => {
      const { platform } = running();
      return reportOfFactsFolder(facts, reportContext(platform.bundle, platform.scenarios));
    },
    trend: () => withFactsFolder(facts, (duck) => readTrend(duck.run, SINCE_THE_START)),
    activity: async (scenario) => {
      const { platform } = running();
      const [journeys, converted] = await Promise.all([
        platform.journeys.ofScenario(scenario),
        withFactsFolder(facts, (duck) => readConvertedExecutions(duck.run, scenario)),
      ]);
      return scenarioActivity(
        journeys.map((journey) => ({
          ...(journey.version === undefined ? {} : { version: journey.version }),
          startedAt: journey.startedAt,
          states: journey.entered,
          ...(journey.current === undefined ? {} : { current: journey.current }),
          converted: converted.has(journey.name),
        })),
      );
    },
    journeys: async (scenario, filter) => {
      const journeys = await running().platform.journeys.ofScenario(scenario);
      const chosen = journeys.filter(
        (journey) =>
          (filter.state === undefined || journey.current === filter.state) &&
          (filter.version === undefined || (journey.version ?? UNRECORDED_VERSION) === filter.version),
      );
      return latest(chosen, filter.limit).map(({ name, entered: _, scenario: __, ...journey }) => ({
        ...journey,
        execution: name,
      }));
    },
    customer: async (profileId, { reveal }) => {
      const { platform, now } = running();
      const trace = await buildTrace(platform.store, platform.outbox, platform.scenarios, profileId, now);
      return customerOfTrace(reveal ? trace : maskTrace(trace));
    },
    outbox: {
      list: async (filter) => {
        const entries = await running().platform.outbox.list();
        return latest(entries.filter(matchesMessage(filter)), filter.limit);
      },
      message: async (messageId) => {
        const { outbox } = running().platform;
        const entry = (await outbox.list()).find((candidate) => candidate.messageId === messageId);
        if (entry === undefined) return undefined;
        const html = await outbox.html(messageId);
        return html === undefined ? { entry } : { entry, html };
      },
    },
    rejected: async () => {
      const { platform, now } = running();
      return listRejected(platform.store, { since: '7d' }, now);
    },
    audience: async (name, { sample }) => {
      const { platform, now } = running();
      const target = audienceTarget(platform.bundle, name);
      if (typeof target === 'string') return target;
      return previewAudience(platform.store, platform.bundle, target, { now, sample });
    },
  };
}
