import { kilobytes } from '../store/item-size.ts';
/**
 * What an app may put in `detail` beyond valid JSON. Each limit is one that would otherwise make
 * the event fail later, when it is stored or read, after it had been accepted: such an event must
 * be refused up front, with the field named, so that it is kept as rejected rather than lost.
 */
export const EVENT_LIMITS = {
  /** EventBridge's limit for a whole entry (PutEvents); an event over it never came through AWS. */
  maxBytes: 256 * 1024,
  /** DynamoDB nests maps and lists at most 32 levels deep; the event is stored under one more. */
  maxDepth: 31,
  /**
   * DynamoDB's smallest non-zero magnitude. Its largest (below 1e126) needs no check: every double
   * that large is an integer beyond 2^53, refused as such.
   */
  minMagnitude: 1e-130,
} as const;

/**
 * Keys an object of the event may not have, and why: each would make the stored event differ from
 * the one sent, or fail to store after it had been accepted.
 */
const FORBIDDEN_KEYS: ReadonlyMap<string, string> = new Map([
  // Assigned (`target[key] = value`), it changes the object's prototype instead of adding a field.
  ['__proto__', 'this key is not accepted'],
  // A `constructor` key is data: the store hands the document client maps, not objects whose
  // type it would read from that key (shared/store/dynamodb/document-value.ts).
]);

/**
 * The first problem found in an event (its detail and any other field it carries), as
 * `path: why`, or undefined when it can be stored as sent.
 */
export function eventProblem(event: Readonly<Record<string, unknown>>): string | undefined {
  // The walk first: it goes no deeper than DynamoDB stores, where JSON.stringify recursed through
  // a detail nested some thousands of levels deep and overflowed the stack, failing the batch.
  for (const [key, value] of Object.entries(event)) {
    const forbidden = FORBIDDEN_KEYS.get(key);
    if (forbidden !== undefined) return `${key}: ${forbidden}`;
    const problem = valueProblem(value, key, 1);
    if (problem !== undefined) return problem;
  }
  const bytes = Buffer.byteLength(JSON.stringify(event.detail) ?? '', 'utf8');
  if (bytes > EVENT_LIMITS.maxBytes) {
    return `detail: ${kilobytes(bytes)} is over the ${kilobytes(EVENT_LIMITS.maxBytes)} an EventBridge event may hold`;
  }
  return undefined;
}

/**
 * A UTF-16 surrogate without its pair (the text is not well formed). Stored, DynamoDB writes it as
 * U+FFFD, so two ids that differ only there became one: a customer `victim\uD800` wrote over
 * `victim\uDC00`'s profile, and two orders were one, the second taken for a redelivery.
 */
function textProblem(text: string, path: string): string | undefined {
  return !text.isWellFormed()
    ? `${path}: holds half of a character (a lone UTF-16 surrogate), which cannot be stored as sent`
    : undefined;
}

function valueProblem(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'number') return numberProblem(value, path);
  if (typeof value === 'string') return textProblem(value, path);
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= EVENT_LIMITS.maxDepth) {
    return `${path}: nested deeper than ${EVENT_LIMITS.maxDepth} levels, which DynamoDB cannot store`;
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [`[${index}]`, item])
    : Object.entries(value).map(([key, item]) => [`.${key}`, item]);
  for (const [step, item] of entries) {
    const key = step.slice(1);
    const forbidden = Array.isArray(value) ? undefined : FORBIDDEN_KEYS.get(key);
    if (forbidden !== undefined) return `${path}.${key}: ${forbidden}`;
    if (!Array.isArray(value) && key === '') return `${path}: a key is empty, which DynamoDB cannot store`;
    const keyProblem = Array.isArray(value) ? undefined : textProblem(key, `${path}${step}`);
    if (keyProblem !== undefined) return keyProblem;
    const problem = valueProblem(item, `${path}${step}`, depth + 1);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function numberProblem(value: number, path: string): string | undefined {
  if (!Number.isFinite(value)) return `${path}: ${value} is not a finite number`;
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    // JSON.parse has already rounded it: storing it would keep a number the app never sent.
    return `${path}: ${value} is beyond ±2^53 and was rounded when read; send it as a string`;
  }
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && magnitude < EVENT_LIMITS.minMagnitude) {
    return `${path}: ${value} is closer to 0 than DynamoDB stores (1e-130)`;
  }
  return undefined;
}
