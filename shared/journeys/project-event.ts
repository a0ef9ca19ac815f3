import type { EventEnvelope } from '../events/envelope.ts';
import { isRecord, valueAt } from '../store/field-path.ts';
import type { ProjectedEvent } from './journey-input.ts';

/** The envelope plus only the listed `detail.…` fields, nested as in the event. */
export function projectEvent(event: EventEnvelope, fields: readonly string[]): ProjectedEvent {
  const detail: Record<string, unknown> = {};
  for (const field of fields) {
    if (!field.startsWith('detail.')) continue;
    const value = valueAt(event, field);
    if (value === undefined) continue;
    const parts = field.split('.').slice(1);
    let target = detail;
    for (const part of parts.slice(0, -1)) {
      const next = isRecord(target[part]) ? target[part] : {};
      target[part] = next;
      target = next;
    }
    const last = parts.at(-1);
    if (last !== undefined) target[last] = value;
  }
  return {
    id: event.id,
    source: event.source,
    'detail-type': event['detail-type'],
    time: event.time,
    detail,
  };
}
