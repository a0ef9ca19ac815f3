import * as z from 'zod/mini';
import { EventEnvelope } from '../../../shared/events/envelope.ts';
import { depthFailure } from '../../bus/entry-to-event.ts';

/**
 * An event of a simulation's events file: an envelope whose detail EventBridge would take. One
 * nested deeper than it processes is refused with its line, before anything runs, as the bus
 * refuses it: a backtest of such an event lost it, with nothing said.
 */
export const SimulatedEvent = EventEnvelope.check(
  z.check((payload) => {
    const tooDeep = depthFailure(payload.value.detail);
    if (tooDeep !== undefined)
      payload.issues.push({
        code: 'custom',
        message: tooDeep.ErrorMessage,
        input: payload.value,
        path: ['detail'],
      });
  }),
);
