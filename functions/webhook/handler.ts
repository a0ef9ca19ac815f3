import type { StepDeps } from '../../shared/steps/step-context.ts';
import { WebhookInput, webhookStep } from '../../shared/steps/webhook.ts';
import { type Observability, taskHandler } from '../kit/task-handler.ts';

/** The webhook Task: a signed HTTPS call with a timeout. */
export function createWebhookHandler(
  deps: StepDeps & { secret: string; fetch?: typeof fetch },
  observability: Observability,
) {
  return taskHandler(WebhookInput, (input) => webhookStep(input, deps), observability);
}
