import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { ConfigError } from './env.ts';

/**
 * The shape of runtime bundle this code reads: the fingerprint of the RuntimeBundle schema
 * (runtimeBundleSchemaFingerprint), which a test keeps equal to it. A bundle sealed for another
 * shape is refused at cold start instead of being misread.
 */
export const RUNTIME_BUNDLE_FORMAT = 'a59a3e61d7905830';

/** A sealed file opens with its content under this key... */
const CONTENT_PREFIX = '{"bundle":';
/** ...and ends with its seal under this one. */
const SEAL_KEY = 'integrity';

/**
 * The runtime bundle as written into function assets: `{"bundle":…,"integrity":{…}}`, the content
 * followed by a seal holding the format it was written in and the SHA-256 of the content's text as
 * the file holds it. The bundle is validated once, when synth builds it from a validated project;
 * the seal lets a cold start trust it without validating it again.
 */
export function sealRuntimeBundle(bundle: RuntimeBundle): string {
  const content = JSON.stringify(bundle);
  return `${CONTENT_PREFIX}${content}${sealText(RUNTIME_BUNDLE_FORMAT, sha256(content))}`;
}

/** The file's end after its content, as sealRuntimeBundle writes it. */
function sealText(format: unknown, digest: unknown): string {
  return `,${JSON.stringify(SEAL_KEY)}:${JSON.stringify({ format, sha256: digest })}}`;
}

/**
 * Reads a sealed runtime bundle at cold start. Validating it with zod there was one of the largest
 * costs of a cold start (zod compiles each schema on first use), for a bundle synth had validated,
 * so it is checked instead: the seal's format must be this code's, and its digest must match the
 * content's text. The file is parsed once and its content hashed as it stands (re-serialising the
 * parsed content to hash it cost a second parse and a serialisation at every cold start). A bundle
 * that fails a check is refused with a ConfigError naming the check and the values compared.
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
  const seal: unknown = Reflect.get(file, SEAL_KEY);
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
  const whole = text.trimEnd();
  const end = sealText(format, sealed);
  if (!whole.startsWith(CONTENT_PREFIX) || !whole.endsWith(end))
    throw new ConfigError(
      `runtime bundle ${source} mismatched: it is not laid out as synth writes it, ${CONTENT_PREFIX}` +
        `…${end} (it was changed after synth)`,
    );
  const actual = sha256(whole.slice(CONTENT_PREFIX.length, -end.length));
  if (sealed !== actual)
    throw new ConfigError(
      `runtime bundle ${source} mismatched: its content has sha256 ${actual}, its seal says ` +
        `${JSON.stringify(sealed)} (it was changed after synth)`,
    );
  return trusted(file);
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
 * of the file is verified, and sealing only ever happens to a bundle that RuntimeBundle.parse
 * returned.
 */
function trusted(file: object): RuntimeBundle {
  return Reflect.get(file, 'bundle');
}
