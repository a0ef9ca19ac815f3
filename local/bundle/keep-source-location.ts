import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Plugin } from 'esbuild';

/** Spelt in parts: this module is bundled too, and must not rewrite its own search string. */
const IMPORT_META_URL = ['import', 'meta', 'url'].join('.');

/**
 * Some modules find files beside them (SQL, the demo) or resolve packages from where they are,
 * through `import.meta.url`. Bundled, that would be the bundle's URL; this points it back at the
 * source file, from the bundle's folder `outDir`, so the files are read where they are kept.
 * Every output file of the build must therefore be written in `outDir` itself.
 */
export function keepSourceLocation(outDir: string): Plugin {
  return {
    name: 'keep-source-location',
    setup(setup) {
      setup.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        if (path.includes(`${join('node_modules', '')}`)) return undefined;
        const source = await readFile(path, 'utf8');
        if (!source.includes(IMPORT_META_URL)) return undefined;
        const fromOut = relative(outDir, path).split('\\').join('/');
        return {
          contents: source.replaceAll(
            IMPORT_META_URL,
            `new URL(${JSON.stringify(fromOut)}, ${IMPORT_META_URL}).href`,
          ),
          loader: 'ts',
          resolveDir: dirname(path),
        };
      });
    },
  };
}
