/** The module esbuild bundles in place of `zod` for the functions, relative to the project root. */
export const ZOD_FOR_FUNCTIONS = 'infra/bundle/zod-for-functions.ts';
