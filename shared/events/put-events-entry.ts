/** What one PutEvents request may carry: ten entries, 256 KB of them as EventBridge counts. */
export const PUT_EVENTS_LIMITS = { entries: 10, bytes: 256 * 1024 } as const;

/** The fields of a PutEvents entry that count towards its size (a Time counts however written). */
export type SizedEntry = {
  readonly Source?: string | undefined;
  readonly DetailType?: string | undefined;
  readonly Detail?: string | undefined;
  readonly Time?: unknown;
  readonly Resources?: readonly string[] | undefined;
};

/**
 * An entry's size as EventBridge counts it ("Calculating PutEvents event entry size"): 14 bytes
 * for a Time, and the UTF-8 bytes of Source, DetailType, Detail and each resource.
 */
export function entrySize(entry: SizedEntry): number {
  const bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  return (
    (entry.Time === undefined ? 0 : 14) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + bytes(resource), 0)
  );
}
