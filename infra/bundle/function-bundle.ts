import { copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BuildOptions, buildSync } from 'esbuild';

/**
 * ESM output still meets CommonJS dependencies that call `require`; a `require` made from
 * import.meta.url serves them. The import is aliased so it cannot clash with a bundled name.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as parcoursCreateRequire } from 'node:module'; const require = parcoursCreateRequire(import.meta.url);";

/** The file Lambda loads; the chunks it imports on demand sit under chunks/. */
export const FUNCTION_ENTRY_FILE = 'index.mjs';
export const FUNCTION_CHUNK_DIR = 'chunks';
/** Every function exports `handler` from its entry file. */
export const FUNCTION_HANDLER = 'index.handler';

/**
 * How every function is bundled, by the local esbuild (never Docker): minified ESM for Node 24 with
 * source maps and the AWS SDK inside, split at `import()`: a module only imported that way is a
 * chunk of its own, which the function reads when the import first runs rather than at every cold
 * start (libphonenumber: shared/channels/phone-library.ts). V8 pays for every line of the file it
 * loads, run or not, so leaving a library out of the entry is what takes it off the cold start.
 * CDK's NodejsFunction writes one file (`--outfile`), which cannot split; hence esbuild's own API.
 * The benchmark bundles its bare handlers with these very options.
 */
export function functionBuildOptions(entry: string, outdir: string, projectRoot: string): BuildOptions {
  return {
    absWorkingDir: projectRoot,
    entryPoints: { index: relative(projectRoot, entry) },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: `${FUNCTION_CHUNK_DIR}/[name]-[hash]`,
    // No package is left out: the AWS SDK inside is the version the code was tested with, not
    // whichever the runtime carries today.
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    // Function names are left to the source maps: keeping them (esbuild's keepNames) names every
    // function and class as it is defined, about 4% of a cold start's instructions.
    keepNames: false,
    sourcemap: true,
    // Stack traces map to file and line without shipping every dependency's source.
    sourcesContent: false,
    logLevel: 'error',
  };
}

export type FunctionCodeProps = {
  /** The repository root, which esbuild resolves node_modules and tsconfig from. */
  readonly projectRoot: string;
  /** The function's entry, a lambda.ts. */
  readonly entry: string;
  /** Files copied into the asset beside the code, by their name there. */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * A hash of everything the bundle is made from: a synth that finds this asset in cdk.out skips
   * esbuild (AssetStaging reuses the staged folder).
   * @default - the hash of the bundled output, which requires bundling on every synth
   */
  readonly assetHash?: string | undefined;
};

/** A function's code asset: the bundle of its entry (functionBuildOptions) and its files. */
export function functionCode(props: FunctionCodeProps): lambda.Code {
  const { projectRoot, entry, files = {}, assetHash } = props;
  return lambda.Code.fromAsset(projectRoot, {
    ...(assetHash === undefined
      ? { assetHashType: AssetHashType.OUTPUT }
      : { assetHash, assetHashType: AssetHashType.CUSTOM }),
    bundling: {
      // Never pulled nor run: local bundling always bundles or throws, so Docker is never asked.
      image: DockerImage.fromRegistry('dummy'),
      // Names the entry and the files in the key CDK caches staged assets by within a synth, which
      // serialises the bundling options without their `local` function: without them, every
      // function whose asset hash is its output's would get the first one's bundle.
      command: ['esbuild', relative(projectRoot, entry), ...Object.entries(files).flat()],
      local: {
        tryBundle: (outputDir) => {
          buildSync(functionBuildOptions(entry, outputDir, projectRoot));
          for (const [name, source] of Object.entries(files)) copyFileSync(source, join(outputDir, name));
          return true;
        },
      },
    },
  });
}
