import { relative } from 'node:path';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import { triggerLabel } from '../../state-machines/model/step-tree.ts';
import { CONSOLE_PATH } from '../console/console-path.ts';
import { dateLabel } from './log-format.ts';

export type BannerFacts = {
  readonly busEndpoint: string;
  readonly adminUrl: string;
  readonly inboxUrl: string;
  readonly projectDir: string;
  readonly dataDir: string;
  readonly scenarios: readonly ProjectScenario[];
  readonly speed: number;
  readonly journeyTime: Date;
  /** Commands the CLI offers; a hint for a command that does not exist would only confuse. */
  readonly commands: ReadonlySet<string> | undefined;
};

/** What a newcomer needs to start sending events, and where to look for what happened. */
export function banner(facts: BannerFacts): string {
  const width = Math.max(...facts.scenarios.map(({ scenario }) => scenario.id.length));
  const triggerWidth = Math.max(
    ...facts.scenarios.map(({ scenario }) => triggerLabel(scenario.trigger).length),
  );
  const scenarios = facts.scenarios.map(
    ({ scenario }) =>
      `    ${scenario.id.padEnd(width)}  on ${triggerLabel(scenario.trigger).padEnd(triggerWidth)}  ${scenario.name}`,
  );
  const has = (command: string) => facts.commands === undefined || facts.commands.has(command);
  const tries = [
    has('send-event') &&
      `npx parcours send-event --source shop --detail-type cart.updated --detail '{"profileId":"ana","cartId":"c-7","itemCount":1,"items":[{"productId":"p-1","name":"Trail shoes","quantity":1,"price":89.9}]}'`,
    has('outbox') && 'npx parcours outbox                 every message, with its address',
    has('trace') &&
      'npx parcours trace ana              each journey of ana, and why each message went or not',
    has('rejected') && 'npx parcours rejected              the events refused, each with the field at fault',
    has('report') &&
      'npx parcours report                conversions and revenue per scenario, against its holdout',
    has('simulate') &&
      'npx parcours simulate --events tests/events/week.jsonl --profiles tests/events/profiles.jsonl --report   a week of events replayed in seconds',
  ].filter((line) => typeof line === 'string');
  return [
    '',
    `Parcours local platform: ${facts.scenarios.length} scenarios from ${shown(facts.projectDir)}/, watched for changes`,
    ...scenarios,
    '',
    `  Event bus  ${facts.busEndpoint}  (EventBridge PutEvents; point the official SDK at it)`,
    `    const events = new EventBridgeClient({ endpoint: '${facts.busEndpoint}', region: 'us-east-1',`,
    `      credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });`,
    `    await events.send(new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'cart.updated', Detail }] }));`,
    `  Console    ${facts.adminUrl}${CONSOLE_PATH}/  programs, scenarios, customers, messages and backtests, in a browser`,
    `  Admin      ${facts.adminUrl}  GET /outbox, /trace/<profileId>, /rejected, /events/<id>, /health`,
    `  Inbox      ${facts.inboxUrl}  the emails, as aws-ses-v2-local received them`,
    `  Clock      ${facts.speed}× real time (${speedHint(facts.speed)}); journey time is ${dateLabel(facts.journeyTime)}`,
    `  Data       ${shown(facts.dataDir)}/  profiles, journeys, ledger, outbox, bus journal; delete it to start afresh`,
    '',
    ...tries.map((line, index) => `  ${index === 0 ? 'Try' : '   '}  ${line}`),
    '',
    '  Ctrl-C stops; journeys still waiting resume at the next start.',
    '',
  ].join('\n');
}

/** A path as short as it can be shown: relative to where the command runs, when inside it. */
export function shown(path: string): string {
  const near = relative(process.cwd(), path);
  return near === '' ? '.' : near.startsWith('..') ? path : near;
}

function speedHint(speed: number): string {
  const perRealMinute = speed * 60;
  if (perRealMinute >= 86_400) return `1 real minute = ${amount(perRealMinute / 86_400, 'journey day')}`;
  if (perRealMinute >= 3_600) return `1 real minute = ${amount(perRealMinute / 3_600, 'journey hour')}`;
  return `1 real minute = ${amount(perRealMinute / 60, 'journey minute')}`;
}

function amount(value: number, unit: string): string {
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${shown} ${unit}${shown === '1' ? '' : 's'}`;
}
