import * as z from 'zod/mini';
import { PermanentSendError } from './errors.ts';

/**
 * Parses a message at the adapter's edge. A message that fails its schema will fail the same way
 * on every retry, so the failure is permanent: `invalid-address` when the recipient field is at
 * fault, `invalid-message` otherwise. Only issue paths are reported, never the values, which are
 * personal data.
 */
export function parseMessage<Schema extends z.core.$ZodType>(
  schema: Schema,
  input: unknown,
  recipientField: string,
): z.core.output<Schema> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;

  const paths = result.error.issues.map((issue) => issue.path.map(String).join('.') || '(message)');
  const recipientAtFault = result.error.issues.some((issue) => issue.path[0] === recipientField);
  throw new PermanentSendError(
    recipientAtFault ? 'invalid-address' : 'invalid-message',
    `message failed validation at ${[...new Set(paths)].join(', ')}`,
  );
}
