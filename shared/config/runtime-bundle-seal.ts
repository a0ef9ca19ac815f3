import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { ConfigError } from './env.ts';

/**
 * The shape of runtime bundle this code reads: the fingerprint of the RuntimeBundle schema
 * (runtimeBundleSchemaFingerprint), which a test keeps equal to it. A bundle sealed for another
 * shape is refused at cold start instead of being misread.
 */
export const RUNTIME_BUNDLE_FORMAT = 'ce5d7524f23f5287';

/** What a sealed bundle carries beside its content, under this key. */
const SEAL_KEY = 'integrity';

/**
 * The runtime bundle as written into function assets: its content, plus a seal holding the format
 * it was written in and the SHA-256 of its content. The bundle is validated once, when synth builds
 * it from a validated project; the seal lets a cold start trust it without validating it again.
 */
export function sealRuntimeBundle(bundle: RuntimeBundle): string {
  const content = JSON.stringify(bundle);
  return JSON.stringify({
    ...bundle,
    [SEAL_KEY]: { format: RUNTIME_BUNDLE_FORMAT, sha256: sha256(content) },
  });
}

/**
 * Reads a sealed runtime bundle at cold start. Validating it with zod there was one of the largest
 * costs of a cold start (zod compiles each schema on first use), for a bundle synth had validated,
 * so it is checked instead: the seal's format must be this code's, and its digest must match the
 * content. A bundle that fails either is refused with a ConfigError naming the check that failed and
 * the values compared.
 */
export function openRuntimeBundle(text: string, source: string): RuntimeBundle {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `runtime bundle ${source} is not JSON: ${error instanceof Error ? error.message : error}`,
    );
  }
  if (typeof file !== 'object' || file === null || Array.isArray(file))
    throw new ConfigError(`runtime bundle ${source} is not a JSON object`);
  const { [SEAL_KEY]: seal, ...content } = Object.fromEntries(Object.entries(file));
  if (typeof seal !== 'object' || seal === null)
    throw new ConfigError(
      `runtime bundle ${source} has no "${SEAL_KEY}" seal: it was not written by this version's synth`,
    );
  const format: unknown = Reflect.get(seal, 'format');
  if (format !== RUNTIME_BUNDLE_FORMAT)
    throw new ConfigError(
      `runtime bundle ${source} mismatched: its format is ${JSON.stringify(format)}, this code reads ` +
        `"${RUNTIME_BUNDLE_FORMAT}" (deploy the bundle synthesized with this code)`,
    );
  const sealed: unknown = Reflect.get(seal, 'sha256');
  const actual = sha256(JSON.stringify(content));
  if (sealed !== actual)
    throw new ConfigError(
      `runtime bundle ${source} mismatched: its content has sha256 ${actual}, its seal says ` +
        `${JSON.stringify(sealed)} (it was changed after synth)`,
    );
  return trusted(text);
}

/** Reads and opens the sealed runtime bundle at `path` (PARCOURS_BUNDLE). */
export function readRuntimeBundle(path: string): RuntimeBundle {
  return openRuntimeBundle(readFileSync(path, 'utf8'), path);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The one place a runtime bundle is typed without being parsed by its schema: called once the seal
 * of `text` is verified, and sealing only ever happens to a bundle that RuntimeBundle.parse returned.
 * Parsing the text again (well under a millisecond) keeps the unverified value untyped until here.
 */
function trusted(text: string): RuntimeBundle {
  const { [SEAL_KEY]: _seal, ...bundle } = JSON.parse(text);
  return bundle;
}
