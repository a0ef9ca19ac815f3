import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { retiredKey } from '../../../language/retired-key.ts';
import { keepVersions, VERSIONS_FOLDER } from '../../../local/platform/version-archive.ts';
import { buildRuntimeBundle } from '../../../state-machines/build-runtime-bundle.ts';
import { compileProject } from '../../../state-machines/compile-project.ts';
import { loadProject } from '../../../state-machines/project/load-project.ts';
import { validateProject } from '../../../state-machines/validation/validate-project.ts';
import { useProjectFixtures } from '../../helpers/project-fixture.ts';

const { copyExamples, tempDir } = useProjectFixtures();

async function compiled(dir: string) {
  const { project, violations } = validateProject(await loadProject(dir));
  expect(violations).toEqual([]);
  const scenarios = compileProject(project);
  return { scenarios, bundle: await buildRuntimeBundle(project, scenarios) };
}

describe('the versions a data folder keeps', () => {
  it('gives back a removed or changed scenario’s version as it ran: the same definition, scenario and templates', async () => {
    // Prepare: the examples run once, then lose win-back and change the cart SMS
    const project = await copyExamples();
    const dataDir = await tempDir();
    const before = await compiled(project.dir);
    await keepVersions(dataDir, before.scenarios, before.bundle);
    await rm(join(project.dir, 'win-back.yaml'));
    await project.replace('templates/cart-sms/sms.txt', 'is still here', 'waits for you');
    const after = await compiled(project.dir);

    // Act
    const kept = await keepVersions(dataDir, after.scenarios, after.bundle);

    // Assess
    const version = (id: string) => {
      const found = before.scenarios.find(({ scenario }) => scenario.id === id);
      if (found === undefined) throw new Error(`no ${id}`);
      return found;
    };
    const changed = after.scenarios.find(({ scenario }) => scenario.id === 'abandoned-cart');
    expect(changed?.compiled.manifest.version).not.toBe(version('abandoned-cart').compiled.manifest.version);
    expect([...kept.keys()].sort()).toEqual(
      ['abandoned-cart', 'win-back']
        .map((id) => retiredKey(id, version(id).compiled.manifest.version))
        .sort(),
    );
    for (const id of ['abandoned-cart', 'win-back']) {
      const original = version(id);
      const entry = kept.get(retiredKey(id, original.compiled.manifest.version));
      expect(entry?.local.definition, id).toEqual(original.compiled.definition);
      expect(entry?.retired.bundled, id).toEqual(before.bundle.scenarios[id]);
    }
    const cart = kept.get(retiredKey('abandoned-cart', version('abandoned-cart').compiled.manifest.version));
    expect(JSON.stringify(cart?.retired.templates['cart-sms'])).toContain('is still here');
    expect(Object.keys(cart?.retired.templates ?? {}).sort()).toEqual(['cart-reminder', 'cart-sms']);
    // The current versions are kept too, for the next change, once each
    expect((await readdir(join(dataDir, VERSIONS_FOLDER))).length).toBe(before.scenarios.length + 1);
  });
});
