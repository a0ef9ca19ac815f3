import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ERROR_NAMES } from '../../language/error-names.ts';
import type { PublishEvents } from '../../shared/steps/emit.ts';

/**
 * EventBridge answered PutEvents but refused some entries (FailedEntryCount, an ErrorCode per
 * entry): those events do not exist, and whoever published them must not act as if they did.
 */
export class EventsRefusedError extends Error {
  override readonly name = ERROR_NAMES.retryable;
}

/**
 * PutEvents to one bus. PutEvents answers 200 even when it refuses entries, so the answer is
 * read: any refused entry rejects, naming its error code, and the caller decides what to say.
 */
export function putEventsTo(client: EventBridgeClient, eventBusName: string): PublishEvents {
  return async (entries) => {
    const answer = await client.send(
      new PutEventsCommand({ Entries: entries.map((entry) => ({ ...entry, EventBusName: eventBusName })) }),
    );
    const refused = (answer.Entries ?? []).flatMap((entry, index) =>
      entry.ErrorCode === undefined
        ? []
        : [
            `entry ${index} (${entries[index]?.DetailType ?? '?'}): ${entry.ErrorCode} ${entry.ErrorMessage ?? ''}`.trim(),
          ],
    );
    const failed = Math.max(answer.FailedEntryCount ?? 0, refused.length);
    if (failed > 0) {
      throw new EventsRefusedError(
        `EventBridge refused ${failed} of ${entries.length} events on bus ${eventBusName}${refused.length === 0 ? '' : `: ${refused.join('; ')}`}`,
      );
    }
  };
}
