/**
 * Stands in for `mjml` in the Lambda bundles. Templates are compiled from MJML at synth into the
 * runtime bundle, so no function calls MJML; but shared/config/runtime-bundle.ts imports the
 * template compiler beside the bundle's schema, and MJML would pull in ~16 MB (the TypeScript
 * compiler comes with it, through cosmiconfig) that every cold start would load. Splitting the
 * schema from buildRuntimeBundle in shared/ would make this stub unnecessary.
 */
export default function mjml2html(): never {
  throw new Error('MJML is compiled at synth time: a Parcours function cannot compile templates');
}
