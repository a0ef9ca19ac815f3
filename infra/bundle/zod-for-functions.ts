/**
 * `zod` as esbuild resolves it for the function bundles (the alias in FUNCTION_BUNDLING).
 *
 * The sources import `{ z } from 'zod'`. `z` is a namespace value, and esbuild keeps every export
 * behind a namespace used as a value: every locale and both JSON Schema conversions, some 330 KB of
 * each bundle that Node compiles at every cold start (about 40 ms of it), though no function uses
 * them. This module has the same named exports as zod, and a `z` built from zod's own modules with
 * the same members, except that those few are stand-ins that throw, so using one in a function fails
 * loudly instead of quietly shipping them again. `import * as z from 'zod'` in the sources would let
 * esbuild drop them without this module.
 *
 * zod is imported by relative path: an import of `zod/...` here would be aliased back to this file.
 */
import * as checks from '../../node_modules/zod/v4/classic/checks.js';
import * as coerce from '../../node_modules/zod/v4/classic/coerce.js';
import * as compat from '../../node_modules/zod/v4/classic/compat.js';
import { deepPartial } from '../../node_modules/zod/v4/classic/deep-partial.js';
import * as errors from '../../node_modules/zod/v4/classic/errors.js';
import { input, output } from '../../node_modules/zod/v4/classic/in-out.js';
import * as iso from '../../node_modules/zod/v4/classic/iso.js';
import * as parse from '../../node_modules/zod/v4/classic/parse.js';
import * as schemas from '../../node_modules/zod/v4/classic/schemas.js';
import {
  $input,
  $output,
  clone,
  compile,
  flattenError,
  formatError,
  getDiscriminatedOption,
  globalRegistry,
  INVALID,
  memoizer,
  NEVER,
  prettifyError,
  regexes,
  registry,
  TimePrecision,
  toZod,
  treeifyError,
  util,
  withParser,
  ZodCompileAsyncError,
  ZodCompileUnsupportedError,
} from '../../node_modules/zod/v4/core/index.js';

export * from '../../node_modules/zod/v4/classic/external.js';

/** The members of zod's `z` this module leaves out of function bundles. */
export const LEFT_OUT_OF_FUNCTIONS = ['core', 'locales', 'toJSONSchema', 'fromJSONSchema'] as const;

function leftOut(member: (typeof LEFT_OUT_OF_FUNCTIONS)[number]): () => never {
  return () => {
    throw new Error(
      `z.${member} is left out of function bundles (infra/bundle/zod-for-functions.ts): import it by name instead`,
    );
  };
}

export const z = {
  ...schemas,
  ...checks,
  ...errors,
  ...parse,
  ...compat,
  coerce,
  iso,
  $input,
  $output,
  clone,
  compile,
  deepPartial,
  flattenError,
  formatError,
  getDiscriminatedOption,
  globalRegistry,
  input,
  INVALID,
  memoizer,
  NEVER,
  output,
  prettifyError,
  regexes,
  registry,
  TimePrecision,
  toZod,
  treeifyError,
  util,
  withParser,
  ZodCompileAsyncError,
  ZodCompileUnsupportedError,
  toJSONSchema: leftOut('toJSONSchema'),
  fromJSONSchema: leftOut('fromJSONSchema'),
  get core(): never {
    return leftOut('core')();
  },
  get locales(): never {
    return leftOut('locales')();
  },
};
