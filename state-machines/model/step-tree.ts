import { createHash } from 'node:crypto';
import type { Condition } from '../../language/condition.ts';
import { cronFields } from '../../language/cron.ts';
import { describeCondition } from '../../language/describe-condition.ts';
import { humanizeDuration } from '../../language/duration.ts';
import type { EventPattern } from '../../language/event-pattern.ts';
import type {
  BranchStep,
  EmitStep,
  ExitStep,
  HoldoutStep,
  SendStep,
  SplitStep,
  Step,
  UpdateProfileStep,
  WaitForStep,
  WaitStep,
  WebhookStep,
} from '../../language/steps.ts';
import type { Trigger } from '../../language/trigger.ts';
import {
  describeAudience,
  isAnniversaryTrigger,
  isScheduleTrigger,
  isSegmentTrigger,
} from '../../language/trigger-kind.ts';
import type { PathSegment } from '../validation/violation.ts';

/**
 * A scenario's steps with everything derived once: each step's kind, a unique stable id (its own
 * or one derived from its content, so inserting a step does not rename the others), the readable
 * name its state shows in the console, and where it sits in the YAML file.
 */
type NodeBase = {
  readonly id: string;
  readonly name: string;
  readonly path: readonly PathSegment[];
};

export type BranchPathNode = {
  readonly label: string;
  readonly when: Condition;
  readonly steps: readonly StepNode[];
};
export type SplitPathNode = {
  readonly variant: string;
  readonly weight: number;
  readonly steps: readonly StepNode[];
};

export type StepNode =
  | (NodeBase & { readonly kind: 'wait'; readonly step: WaitStep })
  | (NodeBase & { readonly kind: 'send'; readonly step: SendStep })
  | (NodeBase & {
      readonly kind: 'branch';
      readonly step: BranchStep;
      readonly paths: readonly BranchPathNode[];
      readonly otherwise: readonly StepNode[];
    })
  | (NodeBase & {
      readonly kind: 'split';
      readonly step: SplitStep;
      readonly paths: readonly SplitPathNode[];
    })
  | (NodeBase & { readonly kind: 'holdout'; readonly step: HoldoutStep })
  | (NodeBase & {
      readonly kind: 'wait-for';
      readonly step: WaitForStep;
      readonly onEvent: readonly StepNode[];
      readonly onTimeout: readonly StepNode[];
    })
  | (NodeBase & { readonly kind: 'update-profile'; readonly step: UpdateProfileStep })
  | (NodeBase & { readonly kind: 'emit'; readonly step: EmitStep })
  | (NodeBase & { readonly kind: 'webhook'; readonly step: WebhookStep })
  | (NodeBase & { readonly kind: 'exit'; readonly step: ExitStep });

export type StepKind = StepNode['kind'];

export function assertUnreachable(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}

/**
 * State names are at most 80 characters, and helper states add up to 27 around a step's name
 * ("Schedule … after quiet hours"), so a step's name, disambiguation included, stays within 53.
 */
export const MAX_STEP_NAME = 53;
const MAX_TAG = 14;

export function buildStepTree(steps: readonly Step[]): StepNode[] {
  const takenIds = new Set<string>();
  collectExplicitIds(steps, takenIds);
  const takenNames = new Set<string>();

  const uniqueId = (step: Step, description: string): string => {
    if (step.id !== undefined) return step.id;
    const base = slug(description);
    let candidate = base;
    for (let n = 2; takenIds.has(candidate); n += 1) candidate = `${base}-${n}`;
    takenIds.add(candidate);
    return candidate;
  };
  const uniqueName = (description: string, id: string): string => {
    const oneLine = description.replace(/\s+/g, ' ').trim();
    let name = truncate(oneLine, MAX_STEP_NAME);
    if (takenNames.has(name)) {
      // A repeated name is told apart by the step's id, or by a short hash of it when it is long.
      const tag = id.length <= MAX_TAG ? id : `${id.slice(0, MAX_TAG - 5)}~${shortHash(id)}`;
      name = `${truncate(oneLine, MAX_STEP_NAME - tag.length - 3)} (${tag})`;
    }
    takenNames.add(name);
    return name;
  };

  const build = (list: readonly Step[], path: readonly PathSegment[]): StepNode[] =>
    list.map((step, index) => {
      const at = [...path, index];
      const description = describeStep(step);
      const id = uniqueId(step, description);
      const base = { id, name: uniqueName(description, id), path: at };
      if ('branch' in step) {
        return {
          ...base,
          kind: 'branch',
          step,
          paths: step.branch.map((branchPath, i) => ({
            label: branchPath.label ?? describeCondition(branchPath.when),
            when: branchPath.when,
            steps: build(branchPath.steps, [...at, 'branch', i, 'steps']),
          })),
          otherwise: build(step.otherwise ?? [], [...at, 'otherwise']),
        };
      }
      if ('split' in step) {
        return {
          ...base,
          kind: 'split',
          step,
          paths: step.split.map((splitPath, i) => ({
            variant: splitPath.variant,
            weight: splitPath.weight,
            steps: build(splitPath.steps, [...at, 'split', i, 'steps']),
          })),
        };
      }
      if ('wait-for' in step) {
        const spec = step['wait-for'];
        return {
          ...base,
          kind: 'wait-for',
          step,
          onEvent: build(spec['on-event'] ?? [], [...at, 'wait-for', 'on-event']),
          onTimeout: build(spec['on-timeout'] ?? [], [...at, 'wait-for', 'on-timeout']),
        };
      }
      if ('wait' in step) return { ...base, kind: 'wait', step };
      if ('send' in step) return { ...base, kind: 'send', step };
      if ('holdout' in step) return { ...base, kind: 'holdout', step };
      if ('update-profile' in step) return { ...base, kind: 'update-profile', step };
      if ('emit' in step) return { ...base, kind: 'emit', step };
      if ('webhook' in step) return { ...base, kind: 'webhook', step };
      return { ...base, kind: 'exit', step };
    });

  return build(steps, ['steps']);
}

/** Every node of the tree, depth first, in document order. */
export function allNodes(nodes: readonly StepNode[]): StepNode[] {
  return nodes.flatMap((node) => [node, ...childLists(node).flatMap((list) => allNodes(list))]);
}

export function childLists(node: StepNode): (readonly StepNode[])[] {
  switch (node.kind) {
    case 'branch':
      return [...node.paths.map((path) => path.steps), node.otherwise];
    case 'split':
      return node.paths.map((path) => path.steps);
    case 'wait-for':
      return [node.onEvent, node.onTimeout];
    case 'wait':
    case 'send':
    case 'holdout':
    case 'update-profile':
    case 'emit':
    case 'webhook':
    case 'exit':
      return [];
    default:
      return assertUnreachable(node);
  }
}

function collectExplicitIds(steps: readonly Step[], ids: Set<string>): void {
  for (const step of steps) {
    if (step.id !== undefined) ids.add(step.id);
    if ('branch' in step) {
      for (const path of step.branch) collectExplicitIds(path.steps, ids);
      collectExplicitIds(step.otherwise ?? [], ids);
    }
    if ('split' in step) for (const path of step.split) collectExplicitIds(path.steps, ids);
    if ('wait-for' in step) {
      collectExplicitIds(step['wait-for']['on-event'] ?? [], ids);
      collectExplicitIds(step['wait-for']['on-timeout'] ?? [], ids);
    }
  }
}

const CHANNEL_LABEL = { email: 'Email', sms: 'SMS', push: 'Push' } as const;

function describeStep(step: Step): string {
  if ('wait' in step) return describeWait(step.wait);
  if ('send' in step) return `${CHANNEL_LABEL[step.send]} ${step.template}`;
  if ('branch' in step) {
    const first = step.branch[0];
    return step.id !== undefined || first === undefined
      ? `Branch ${step.id ?? ''}`.trim()
      : `Branch on ${subjectOf(first.when)}`;
  }
  if ('split' in step) return `Split ${step.id ?? step.split.map((path) => path.variant).join(' / ')}`;
  if ('holdout' in step) return `Holdout ${step.holdout}%`;
  if ('wait-for' in step) {
    const spec = step['wait-for'];
    return `Wait for ${step.id ?? patternLabel(spec.event)} (${humanizeDuration(spec.timeout)})`;
  }
  if ('update-profile' in step) {
    const update = step['update-profile'];
    const fields = [
      ...Object.keys(update.set ?? {}),
      ...(update.unset ?? []),
      ...Object.keys(update.increment ?? {}),
    ];
    return `Update profile ${step.id ?? fields.join(', ')}`;
  }
  if ('emit' in step) return `Emit ${step.id ?? step.emit['detail-type']}`;
  if ('webhook' in step) return `Webhook ${step.id ?? hostOf(step.webhook.url)}`;
  return `Exit ${step.id ?? step.exit}`;
}

export function describeWait(wait: WaitStep['wait']): string {
  if (typeof wait === 'string') return `Wait ${humanizeDuration(wait)}`;
  const then = wait.then === undefined ? '' : ` then until ${wait.then.window}${daysLabel(wait.then.days)}`;
  if (wait.for !== undefined) return `Wait ${humanizeDuration(wait.for)}${then}`;
  if (wait.until !== undefined) {
    const offset =
      wait.before !== undefined
        ? `${humanizeDuration(wait.before)} before `
        : wait.after !== undefined
          ? `${humanizeDuration(wait.after)} after `
          : '';
    return `Wait until ${offset}${wait.until}${then}`;
  }
  return `Wait until ${wait.window ?? ''}${daysLabel(wait.days)}`;
}

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** `[mon, tue, wed, thu, fri]` → " on weekdays"; `[mon, tue, wed, fri]` → " on mon-wed,fri". */
function daysLabel(days: readonly string[] | undefined): string {
  if (days === undefined) return '';
  const chosen = WEEK.map((day) => days.includes(day));
  const pattern = chosen.map((on) => (on ? '1' : '0')).join('');
  if (pattern === '1111100') return ' on weekdays';
  if (pattern === '0000011') return ' on weekends';
  const ranges: string[] = [];
  for (let start = 0; start < WEEK.length; start += 1) {
    if (!chosen[start]) continue;
    let end = start;
    while (chosen[end + 1]) end += 1;
    ranges.push(end === start ? (WEEK[start] ?? '') : `${WEEK[start]}-${WEEK[end]}`);
    start = end;
  }
  return ` on ${ranges.join(',')}`;
}

/** What starts a scenario's journeys, in a few words: the banner's and the graph's. */
export function triggerLabel(trigger: Trigger): string {
  if (isScheduleTrigger(trigger)) {
    const { schedule } = trigger;
    const when =
      schedule.at !== undefined
        ? `at ${schedule.at.replace('T', ' ')}`
        : schedule.cron !== undefined
          ? `cron(${cronFields(schedule.cron)})`
          : `every ${humanizeDuration(schedule.every ?? '')} from ${(schedule.starting ?? '').replace('T', ' ')}`;
    const zone =
      schedule['time-zone'] === 'local'
        ? ' local time'
        : schedule['time-zone'] === undefined
          ? ''
          : ` ${schedule['time-zone']}`;
    return `schedule ${when}${zone}, to ${describeAudience(schedule.audience)}`;
  }
  if (isSegmentTrigger(trigger)) {
    const transition = trigger.segment;
    return 'entered' in transition
      ? `entering segment ${transition.entered}`
      : `leaving segment ${transition.exited}`;
  }
  if (isAnniversaryTrigger(trigger)) {
    const { anniversary } = trigger;
    return `${anniversary.date} each ${anniversary.every} at ${anniversary.at} local time`;
  }
  return patternLabel(trigger);
}

/** The event a pattern waits for, as a marketer would name it: its detail-type. */
export function patternLabel(pattern: EventPattern): string {
  const detailType = pattern['detail-type'];
  if (
    Array.isArray(detailType) &&
    detailType.length > 0 &&
    detailType.every((value) => typeof value === 'string')
  ) {
    return detailType.join(' or ');
  }
  return 'event';
}

function subjectOf(condition: Condition): string {
  if ('segment' in condition) return `segment ${condition.segment}`;
  if ('all' in condition) return condition.all[0] === undefined ? 'conditions' : subjectOf(condition.all[0]);
  if ('any' in condition) return condition.any[0] === undefined ? 'conditions' : subjectOf(condition.any[0]);
  if ('not' in condition) return subjectOf(condition.not);
  return condition.profile ?? condition.aggregate ?? condition.event ?? 'condition';
}

function hostOf(url: string): string {
  return /^https:\/\/([^/{]+)/.exec(url)?.[1] ?? 'call';
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 4);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/%/g, 'pct')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}
