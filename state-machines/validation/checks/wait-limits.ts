import { durationSeconds, MAX_EXECUTION_SECONDS } from '../../../language/duration.ts';
import type { WaitStep } from '../../../language/steps.ts';
import { assertUnreachable, type StepNode } from '../../model/step-tree.ts';
import type { Finding, ScenarioCheck } from '../check-context.ts';

const DAY = 86_400;

/**
 * A Standard workflow execution lives at most one year. A single wait longer than that can never
 * finish, and neither can a path whose waits add up past it.
 */
export const checkWaitLimits: ScenarioCheck = ({ tree }) => {
  const findings: Finding[] = [];
  let reportedTotal = false;

  const longest = (list: readonly StepNode[], start: number): number => {
    let elapsed = start;
    for (const node of list) {
      const own = ownWaitSeconds(node);
      if (own !== undefined && own.seconds > MAX_EXECUTION_SECONDS) {
        findings.push({
          path: own.path,
          message: `waits ${days(own.seconds)}, longer than the one-year limit of a journey`,
        });
        reportedTotal = true;
      }
      elapsed = afterNode(node, elapsed + (own?.seconds ?? 0));
      if (elapsed > MAX_EXECUTION_SECONDS && !reportedTotal) {
        reportedTotal = true;
        findings.push({
          path: node.path,
          message: `by this step the journey may have waited ${days(elapsed)}, longer than the one-year limit`,
        });
      }
    }
    return elapsed;
  };

  const afterNode = (node: StepNode, elapsed: number): number => {
    switch (node.kind) {
      case 'branch':
        return Math.max(
          elapsed,
          ...node.paths.map((path) => longest(path.steps, elapsed)),
          longest(node.otherwise, elapsed),
        );
      case 'split':
        return Math.max(...node.paths.map((path) => longest(path.steps, elapsed)));
      case 'wait-for':
        return Math.max(longest(node.onEvent, elapsed), longest(node.onTimeout, elapsed));
      case 'wait':
      case 'send':
      case 'holdout':
      case 'update-profile':
      case 'emit':
      case 'webhook':
      case 'exit':
        return elapsed;
      default:
        return assertUnreachable(node);
    }
  };

  longest(tree, 0);
  return findings;
};

/** The longest a step itself can wait, when it is known before the journey runs. */
function ownWaitSeconds(node: StepNode): { seconds: number; path: readonly (string | number)[] } | undefined {
  if (node.kind === 'wait') return { seconds: longestWait(node.step.wait), path: [...node.path, 'wait'] };
  if (node.kind === 'wait-for') {
    return {
      seconds: durationSeconds(node.step['wait-for'].timeout),
      path: [...node.path, 'wait-for', 'timeout'],
    };
  }
  return undefined;
}

function longestWait(wait: WaitStep['wait']): number {
  if (typeof wait === 'string') return durationSeconds(wait);
  const windowWait = (days: readonly string[] | undefined): number => (days === undefined ? DAY : 7 * DAY);
  const then = wait.then === undefined ? 0 : windowWait(wait.then.days);
  if (wait.for !== undefined) return durationSeconds(wait.for) + then;
  if (wait.window !== undefined) return windowWait(wait.days);
  // "until" a profile or event date is only known at run time; the runtime bounds it.
  return then;
}

function days(seconds: number): string {
  // One decimal, so 365 days and one hour does not read as "365 days, longer than 365 days".
  return `${(seconds / DAY).toFixed(1).replace(/\.0$/, '')} days`;
}
