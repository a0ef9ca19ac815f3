import type { AudiencePreview } from '../../shared/broadcasts/audience-preview.ts';
import type { OutcomeReport } from '../../shared/outcomes/report/outcome-report.ts';
import type { TrendRow } from '../../shared/outcomes/report-queries.ts';
import type { Profile } from '../../shared/profiles/profile.ts';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import type { RejectedListing } from '../dev/rejected-listing.ts';
import type { JourneyView } from '../dev/trace-rows.ts';
import type { OutboxEntry } from '../outbox/outbox.ts';
import type { ScenarioActivity } from '../runtime/scenario-activity.ts';

/** One customer as the console shows them: contact data already masked unless revealed. */
export type CustomerView = {
  readonly profileId: string;
  readonly profile: Profile | null;
  readonly journeys: readonly JourneyView[];
  /** What each trigger event did for each scenario it triggered. */
  readonly entries: readonly {
    readonly at: string;
    readonly scenario: string;
    readonly text: string;
    readonly started: boolean;
  }[];
  /** What the source does not keep of a customer, in words, where it keeps less than the platform. */
  readonly notKept?: string;
  /** Events received, segment changes among them, latest last. */
  readonly events: readonly {
    readonly at: string;
    readonly type: string;
    readonly source: string;
    readonly summary: string;
  }[];
};

export type MessageFilter = {
  readonly channel?: OutboxEntry['channel'];
  readonly scenario?: string;
  readonly profileId?: string;
  /** At most this many, latest first. */
  readonly limit: number;
};

/** Whether a message is one the filter asks for. */
export function matchesMessage(filter: MessageFilter): (entry: OutboxEntry) => boolean {
  return (entry) =>
    (filter.channel === undefined || entry.channel === filter.channel) &&
    (filter.scenario === undefined || entry.scenario === filter.scenario) &&
    (filter.profileId === undefined || entry.profileId === filter.profileId);
}

/** The last `limit` of a list kept in the order things happened, latest first. */
export function latest<T>(items: readonly T[], limit: number): T[] {
  return items.slice(Math.max(0, items.length - limit)).reverse();
}

/** Which journeys of a scenario to list: those in a state now, on a version, or both. */
export type JourneyFilter = { readonly state?: string; readonly version?: string; readonly limit: number };

/** One journey as a list shows it: who, on which version, where it stands. */
export type JourneyEntry = {
  readonly profileId: string;
  readonly execution: string;
  readonly version?: string;
  readonly status: string;
  /** The state it is in, while it runs. */
  readonly current?: string;
  readonly startedAt: string;
};

/** A message as the customer got it: the email's HTML when it was kept. */
export type MessageView = { readonly entry: OutboxEntry; readonly html?: string };

/** The messages as sent: the local outbox, or a backtest's. */
export type MessageShelf = {
  readonly list: (filter: MessageFilter) => Promise<readonly OutboxEntry[]>;
  readonly message: (messageId: string) => Promise<MessageView | undefined>;
};

/**
 * What the console reads, whatever holds it: the running local platform or a backtest's report.
 * Every page is drawn from these answers alone, so each looks the same over each of them. Nothing
 * here changes data.
 */
export type ConsoleSource = {
  /** What the pages say they show: "local platform", "backtest week.json". */
  readonly title: string;
  /** A failure to read, in words that say what to do about it, where the source knows more. */
  readonly explain?: (message: string) => string;
  /** Journey time: the dev server's clock, or the end of a backtest. */
  readonly now: () => Date;
  readonly scenarios: () => readonly ProjectScenario[];
  readonly outcomes: () => Promise<OutcomeReport>;
  /** Each program's entrants and conversions per day of entry and group. */
  readonly trend: () => Promise<readonly TrendRow[]>;
  readonly activity: (scenario: string) => Promise<ScenarioActivity>;
  /** Who is in the scenario, and where: the latest entered first. */
  readonly journeys: (scenario: string, filter: JourneyFilter) => Promise<readonly JourneyEntry[]>;
  readonly customer: (profileId: string, options: { readonly reveal: boolean }) => Promise<CustomerView>;
  /** Absent where no copy of a sent message is kept (a deployment on AWS). */
  readonly outbox?: MessageShelf;
  /** Absent where rejected events are not kept (a backtest reads only valid events). */
  readonly rejected?: () => Promise<RejectedListing>;
  /** Absent where there is no store to read the audience from (a backtest's report). */
  readonly audience?: (
    name: string,
    options: { readonly sample: number },
  ) => Promise<AudiencePreview | string>;
  /** The project's segments, which the audience page offers. */
  readonly segments: () => readonly string[];
};
