import { entryOutcomeText } from '../../local/dev/entry-outcome-text.ts';
import {
  clockLabel,
  dateLabel,
  dayLabel,
  detailSummary,
  printable,
  truncate,
} from '../../local/dev/log-format.ts';
import type { Trace } from '../../local/dev/trace.ts';
import { journeyViews } from '../../local/dev/trace-rows.ts';
import { topicConsents, topicConsentText } from '../../shared/consent/consent.ts';
import { maskPersonalData } from '../../shared/observability/logger.ts';
import type { Profile } from '../../shared/profiles/profile.ts';

/**
 * A customer's trace as text: the profile and consents, then every journey with each state it
 * entered and each send, skip, deferral or failure with its reason, then the events received.
 * Addresses are masked, as in the dev log, unless `reveal` is asked for.
 */
export function traceReport(
  trace: Trace,
  source: string,
  options: { readonly reveal?: boolean } = {},
): string {
  const lines = [
    ...profileLines(trace.profileId, trace.profile),
    `  (${source}; journey time ${dateLabel(trace.at)})`,
    '',
    ...journeyLines(trace),
    ...entryLines(trace),
    ...eventLines(trace),
  ];
  // Each line made printable before they are joined: a control character in an id, an attribute or
  // an event (an escape sequence, a newline) is written as its escape, never to the terminal.
  const text = `${lines.map(printable).join('\n')}\n`;
  return options.reveal === true ? text : maskPersonalData(text);
}

function profileLines(profileId: string, profile: Profile | null): string[] {
  if (profile === null) return [`${profileId}: no profile (no profile.updated received for this id)`];
  const consent = (channel: 'email' | 'sms' | 'push') => {
    const status = profile.consents[channel];
    if (status !== undefined) return `${channel} ${status}`;
    return channel === 'sms' ? 'sms: no opt-in' : `${channel}: not opted out`;
  };
  const contact = [
    profile.email ?? 'no email',
    profile.phone ?? 'no phone',
    `${profile.pushTokens.length} push token${profile.pushTokens.length === 1 ? '' : 's'}`,
  ];
  const topics = topicConsents(profile).map((consent) => `topic ${topicConsentText(consent)}`);
  const attributes = Object.entries(profile.attributes).map(
    ([key, value]) => `${key}=${truncate(typeof value === 'string' ? value : JSON.stringify(value), 40)}`,
  );
  return [
    `${profileId}: ${contact.join(' · ')}`,
    `  consents: ${[consent('email'), consent('sms'), consent('push'), ...topics].join(' · ')}`,
    `  ${[profile.timeZone ?? 'default time zone', profile.locale ?? 'default locale'].join(' · ')}${attributes.length === 0 ? '' : ` · ${attributes.join(' ')}`}`,
  ];
}

function journeyLines(trace: Trace): string[] {
  const journeys = journeyViews(trace);
  if (journeys.length === 0) return ['No journeys.', ''];
  const lines = ['Journeys'];
  for (const journey of journeys) {
    const key = journey.key === undefined ? '' : ` (key ${journey.key})`;
    const converted =
      journey.convertedAt === undefined ? '' : ` · converted ${clockLabel(journey.convertedAt)}`;
    lines.push(
      `  ${journey.scenario}${key} · entered ${dayLabel(journey.startedAt)} · ${journey.status}${converted}`,
    );
    for (const row of journey.rows) {
      const indent = row.kind === 'state' || row.kind === 'end' ? '' : '  ';
      lines.push(`    ${clockLabel(row.at)}  ${indent}${row.text}`);
    }
  }
  return [...lines, ''];
}

/** Each scenario a trigger event triggered, and whether it started a journey (and why not). */
function entryLines(trace: Trace): string[] {
  if (trace.entries.length === 0) return [];
  return [
    'Entries (by trigger event)',
    ...trace.entries.map(
      (entry) =>
        `  ${dayLabel(entry.eventTime)}  ${entry.eventType} → ${entry.scenario}: ${entryOutcomeText(entry)}`,
    ),
    '',
  ];
}

function eventLines(trace: Trace): string[] {
  if (trace.events.length === 0) return ['No events received.'];
  return [
    `Events received (${trace.events.length === 50 ? 'last 50' : trace.events.length})`,
    ...trace.events.map((event) =>
      `  ${dayLabel(event.time)}  ${event['detail-type']} from ${event.source}  ${detailSummary(event.detail)}`.trimEnd(),
    ),
  ];
}
