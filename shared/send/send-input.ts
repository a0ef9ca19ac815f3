import * as z from 'zod/mini';
import { Category, Channel } from '../../language/channel.ts';
import { JourneyRef } from '../journeys/journey-input.ts';

/** What a send Task passes (the compiler writes these Parameters). */
export const SendInput = z.object({
  step: z.string().check(z.minLength(1)),
  journey: JourneyRef,
  channel: Channel,
  template: z.string().check(z.minLength(1)),
  category: Category,
  topic: z.string().check(z.minLength(1)),
  from: z.optional(z.string()),
  variant: z.optional(z.string()),
});
export type SendInput = z.infer<typeof SendInput>;

/**
 * What the send Task returns. The state machine discards it (ResultPath null) and goes on whatever
 * the outcome: it is for logs, the local platform and tests.
 */
export type SendResult = {
  readonly outcome: 'sent' | 'skipped' | 'failed' | 'uncertain';
  readonly reason?: string;
  readonly messageId?: string;
};
