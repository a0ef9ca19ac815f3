import { createHash } from 'node:crypto';
import * as z from 'zod';
import { RuntimeBundle } from './runtime-bundle.ts';

/**
 * A fingerprint of the RuntimeBundle schema: the first 16 hex digits of the SHA-256 of its JSON
 * Schema. RUNTIME_BUNDLE_FORMAT holds the current one (a test compares them), so a change to the
 * bundle's shape changes the format every sealed bundle is checked against.
 */
export function runtimeBundleSchemaFingerprint(): string {
  const schema = z.toJSONSchema(RuntimeBundle, { io: 'output', unrepresentable: 'any' });
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
}
