import type { Liquid, Template } from 'liquidjs';

/** A part rendered, or why it could not be, naming the file and the part. */
export type PartResult = { readonly text: string } | { readonly error: string };

/**
 * Renders Liquid sources with one engine, parsing each source once. liquidjs applies its output
 * escaping when it parses, so a parse belongs to its engine: each engine gets its own cache. The
 * cache holds the sources of the loaded bundle, a fixed set, so it needs no eviction. The engine
 * is made on the first render, not when a function loads: a function that never renders (most
 * step functions, most calls) does not pay for it at cold start.
 */
export function cachedRenderer(makeEngine: () => Liquid) {
  const parsed = new Map<string, Template[]>();
  let made: Liquid | undefined;
  return (source: string, scope: object, where: string): PartResult => {
    try {
      made ??= makeEngine();
      const engine = made;
      let templates = parsed.get(source);
      if (templates === undefined) {
        templates = engine.parse(source);
        parsed.set(source, templates);
      }
      const rendered: unknown = engine.renderSync(templates, scope);
      return { text: String(rendered) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { error: `${where}: ${message.split('\n')[0] ?? message}` };
    }
  };
}
