import * as z from 'zod/mini';
import { scenarioOf } from '../config/scenario-of.ts';
import { ConvertedError, QuietHoursError } from '../journeys/journey-errors.ts';
import type { StartExecution } from '../journeys/start-journey.ts';
import type { SendDeps } from '../send/send-context.ts';
import { SendInput } from '../send/send-input.ts';
import { sendStep } from '../send/send-step.ts';

/**
 * How a broadcast's batch runs a journey: a journey that is one send (its manifest's inlineSend)
 * is that send, made here with the Task's own Parameters through the same send step, ending as the
 * state machine would (a converted journey sends nothing); any other journey starts the scenario's
 * state machine as an event-triggered one does. A send the customer's quiet hours defer also
 * goes to the state machine, which waits them out.
 *
 * Repeating it is safe: the send ledger settles a step once, and the execution name keeps Step
 * Functions to one execution.
 */
export function inlineOrStart(sendDeps: SendDeps, startExecution: StartExecution): StartExecution {
  return async (request) => {
    const { manifest } = scenarioOf(sendDeps.bundle, request.input.journey);
    if (manifest.inlineSend === undefined) return startExecution(request);
    const input = z.parse(SendInput, { ...manifest.inlineSend, journey: request.input.journey });
    try {
      await sendStep(input, sendDeps);
    } catch (error) {
      if (error instanceof ConvertedError) return;
      if (error instanceof QuietHoursError) return startExecution(request);
      throw error;
    }
  };
}
