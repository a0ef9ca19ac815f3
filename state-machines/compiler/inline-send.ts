import type { StateMachine } from './asl.ts';
import { ERRORS, functionResource } from './resources.ts';
import { JOURNEY } from './scenario-builder.ts';

/**
 * The send a journey consists of, when it consists of nothing else: the definition starts at a
 * send Task that ends it, whose only detour is ending as converted, and whose Parameters are fixed
 * but for the journey. Its Parameters without the journey are what a broadcast's batch sends each
 * recipient in place of starting a Standard execution (shared/broadcasts/inline-journey.ts): the
 * same step, with the same input, through the same send step.
 */
export function inlineSendOf(definition: StateMachine): Record<string, string> | undefined {
  const start = definition.States[definition.StartAt];
  if (start?.Type !== 'Task' || start.Resource !== functionResource('send') || start.End !== true) return;
  const detoursEnd = (start.Catch ?? []).every(
    (catcher) =>
      catcher.ErrorEquals.length === 1 &&
      catcher.ErrorEquals[0] === ERRORS.converted &&
      definition.States[catcher.Next]?.Type === 'Succeed',
  );
  if (!detoursEnd) return;
  const fixed: Record<string, string> = {};
  for (const [key, value] of Object.entries(start.Parameters)) {
    if (key === 'journey.$' && value === JOURNEY['journey.$']) continue;
    if (key.endsWith('.$') || typeof value !== 'string') return;
    fixed[key] = value;
  }
  return fixed;
}
