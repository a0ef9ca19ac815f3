import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_NAMES } from '../../../language/error-names.ts';
import { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import { runtimeBundleSchemaFingerprint } from '../../../language/runtime-bundle-fingerprint.ts';
import {
  openRuntimeBundle,
  RUNTIME_BUNDLE_FORMAT,
  readRuntimeBundle,
  sealRuntimeBundle,
} from '../../../shared/config/runtime-bundle-seal.ts';

/** A small bundle as synth builds it: parsed by the schema, with a template to tamper with. */
function bundle(): RuntimeBundle {
  return RuntimeBundle.parse({
    config: { 'time-zone': 'Europe/Paris' },
    programs: { programs: {} },
    scenarios: {},
    templates: {
      welcome: {
        sms: { default: { source: 'welcome/sms.txt', body: 'Welcome, {{ profile.firstName }}' } },
      },
    },
  });
}

/** The message of the error `open` throws, after checking it is a configuration error. */
function refusal(open: () => unknown): string {
  try {
    open();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    expect(error.name).toBe(ERROR_NAMES.configError);
    return error.message;
  }
  throw new Error('the bundle was accepted');
}

const dir = mkdtempSync(join(tmpdir(), 'parcours-seal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sealed runtime bundle', () => {
  it('opens to the very bundle that was sealed', () => {
    // Prepare
    const original = bundle();

    // Act
    const opened = openRuntimeBundle(sealRuntimeBundle(original), 'bundle.json');

    // Assess
    expect(opened).toEqual(JSON.parse(JSON.stringify(original)));
    expect(opened).not.toHaveProperty('integrity');
  });

  it('reads a sealed file from its path', () => {
    const path = join(dir, 'bundle.json');
    writeFileSync(path, `${sealRuntimeBundle(bundle())}\n`);

    expect(readRuntimeBundle(path).templates.welcome?.sms?.default?.body).toBe(
      'Welcome, {{ profile.firstName }}',
    );
  });

  it('refuses a bundle whose content changed after it was sealed, naming both digests', () => {
    // Prepare: a template edited in the shipped file.
    const sealed = sealRuntimeBundle(bundle());
    const tampered = sealed.replace('Welcome, ', 'Pay here, ');
    expect(tampered).not.toBe(sealed);

    // Act
    const message = refusal(() => openRuntimeBundle(tampered, 'bundle.json'));

    // Assess
    expect(message).toContain('runtime bundle bundle.json mismatched');
    expect(message).toMatch(/content has sha256 [0-9a-f]{64}, its seal says "[0-9a-f]{64}"/);
    expect(message).toContain('changed after synth');
  });

  it('refuses a sealed file laid out again, whose content is no longer the text that was sealed', () => {
    // Prepare: the same bundle and seal, pretty-printed by an editor.
    const relaidOut = JSON.stringify(JSON.parse(sealRuntimeBundle(bundle())), null, 2);

    // Act
    const message = refusal(() => openRuntimeBundle(relaidOut, 'bundle.json'));

    // Assess
    expect(message).toContain('not laid out as synth writes it');
    expect(message).toContain('changed after synth');
  });

  it('refuses a bundle sealed in another format, naming both formats', () => {
    const other = JSON.parse(sealRuntimeBundle(bundle()));
    other.integrity.format = 'an-older-format';

    const message = refusal(() => openRuntimeBundle(JSON.stringify(other), 'bundle.json'));

    expect(message).toContain('its format is "an-older-format"');
    expect(message).toContain(`this code reads "${RUNTIME_BUNDLE_FORMAT}"`);
  });

  it('refuses a bundle without a seal, as written before bundles were sealed', () => {
    const message = refusal(() => openRuntimeBundle(JSON.stringify(bundle()), 'bundle.json'));

    expect(message).toContain('has no "integrity" seal');
  });

  it('refuses a file that is not a JSON object, naming its path', () => {
    const path = join(dir, 'truncated.json');
    writeFileSync(path, sealRuntimeBundle(bundle()).slice(0, 100));

    expect(refusal(() => readRuntimeBundle(path))).toContain(`runtime bundle ${path} is not JSON`);
    expect(refusal(() => openRuntimeBundle('[]', 'bundle.json'))).toContain('is not a JSON object');
  });

  it("seals in the format of the schema's current shape", () => {
    // When this fails, the RuntimeBundle schema changed: set RUNTIME_BUNDLE_FORMAT to the fingerprint.
    expect(RUNTIME_BUNDLE_FORMAT).toBe(runtimeBundleSchemaFingerprint());
  });
});
