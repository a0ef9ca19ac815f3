import * as z from 'zod/mini';
import { firstCodePoints } from '../../language/code-points.ts';
import { durationSeconds } from '../../language/duration.ts';
import { COMPARED_TEXT_LIMIT, FactRequest } from '../../language/fact-request.ts';
import { aggregateItem } from '../aggregates/compute.ts';
import { type ConditionContext, containsValue, timeOf } from '../conditions/evaluate.ts';
import { JourneyRef } from '../journeys/journey-input.ts';
import { PERSONAL_FIELDS } from '../profiles/profile.ts';
import { valueAt } from '../store/field-path.ts';
import { enterStep, type StepDeps } from './step-context.ts';

export const CheckInput = z.object({ step: z.string(), journey: JourneyRef, facts: z.array(FactRequest) });
export type CheckInput = z.infer<typeof CheckInput>;

/** An empty object stands for a list or an object: present, but equal to nothing a rule compares. */
export type Facts = Record<string, string | number | boolean | null | Record<string, never>>;

/**
 * Answers the facts a Choice state reads, and nothing else: values of non-personal attributes
 * and aggregates, booleans for segments, `contains` and personal fields, and thresholds for
 * relative dates. A fact the customer does not have is left out, so the rule reads it as absent.
 */
export async function checkFacts(input: CheckInput, deps: StepDeps): Promise<Facts> {
  const { conditions, now } = await enterStep(input.journey, deps);
  return answerFacts(input.facts, conditions, now);
}

/** The facts themselves, from what is known of the customer: pure, and what Choice rules compare. */
export function answerFacts(
  requests: readonly FactRequest[],
  conditions: ConditionContext,
  now: Date,
): Facts {
  const facts: Facts = {};
  for (const request of requests) {
    switch (request.kind) {
      case 'segment':
        facts[request.key] = conditions.segment(request.name);
        break;
      case 'threshold':
        facts[request.key] = stepFunctionsTimestamp(now.getTime() - durationSeconds(request.ago) * 1000);
        break;
      case 'profile': {
        const personal = PERSONAL_FIELDS.some(
          (field) => request.path === field || request.path.startsWith(`${field}.`),
        );
        const value = valueAt(conditions.profile, request.path);
        const answer = personal ? presence(value) : shape(value, request);
        if (answer !== undefined) facts[request.key] = answer;
        break;
      }
      case 'aggregate': {
        const aggregate = conditions.aggregates[request.name];
        const value = request.item === undefined ? aggregate : aggregateItem(aggregate, request.item);
        const answer = shape(value, request);
        if (answer !== undefined) facts[request.key] = answer;
        break;
      }
    }
  }
  return facts;
}

function shape(
  value: unknown,
  request: { as: 'value' | 'timestamp'; contains?: string | undefined },
): Facts[string] | undefined {
  if (value === undefined) return undefined;
  if (request.contains !== undefined) return containsValue(value, request.contains);
  if (request.as === 'timestamp') {
    const time = timeOf(value);
    return time === undefined ? undefined : stepFunctionsTimestamp(time);
  }
  // (Cut, a longer text still equals no text a condition holds: see COMPARED_TEXT_LIMIT.)
  if (typeof value === 'string') return firstCodePoints(value, COMPARED_TEXT_LIMIT + 1);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  // Lists and objects cannot be compared by a Choice rule; only their presence is useful.
  return {};
}

function presence(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return Array.isArray(value) && value.length === 0 ? undefined : true;
}

/** Step Functions compares RFC 3339 timestamps; UTC with milliseconds keeps the comparison exact. */
function stepFunctionsTimestamp(time: number): string {
  return new Date(time).toISOString();
}
