import { CaptureTag, type Context, type FilterImplOptions, filters, type Liquid, toValue } from 'liquidjs';

/** What a filter runs on (its render's context); liquidjs exports the type only through its filters'. */
type FilterImpl = ThisParameterType<Exclude<FilterImplOptions, { handler: unknown }>>;

/**
 * How an email's HTML writes values: every `{{ value }}` is HTML-escaped, unless it is already
 * HTML the template made. liquidjs escapes every output whose last filter is not `raw`, which
 * escaped twice what a template had escaped or built itself: `{{ name | escape }}` showed
 * customers `Tom &amp;amp; Jerry`, and `{{ greeting }}` after `{% capture greeting %}` showed its
 * tags as text. Kept from a second escape: the output of `escape`, `escape_once`, `xml_escape` and
 * `newline_to_br` (which escapes its input first, then adds its `<br />`), and a capture's text.
 */
export function htmlOutputEscape(this: FilterImpl, value: unknown): string {
  const plain: unknown = toValue(value);
  if (typeof plain === 'string' && capturedHtml.get(this.context)?.has(plain)) return plain;
  return escapeHtml.call(this, value);
}

/** Registers the filters and the capture tag that go with htmlOutputEscape. */
export function keepTemplateHtml(engine: Liquid): void {
  for (const name of ['escape', 'escape_once', 'xml_escape'] as const) {
    engine.registerFilter(name, { handler: handlerOf(name), raw: true });
  }
  const newlineToBr = handlerOf('newline_to_br');
  engine.registerFilter('newline_to_br', {
    handler(this: FilterImpl, value: unknown) {
      return newlineToBr.call(this, escapeHtml.call(this, value));
    },
    raw: true,
  });
  engine.registerTag('capture', HtmlCapture);
}

/**
 * The captures of each render, by their text. A string is no object to mark, so a value equal to
 * a capture's text is written as it is wherever it comes from: a customer's value can then only
 * repeat HTML that this template itself wrote, never add its own.
 */
const capturedHtml = new WeakMap<Context, Set<string>>();

class HtmlCapture extends CaptureTag {
  override *render(ctx: Context): Generator<unknown, void, string> {
    yield* super.render(ctx);
    const html: unknown = ctx.bottom()[this.variable];
    if (typeof html !== 'string') return;
    const captured = capturedHtml.get(ctx) ?? new Set<string>();
    captured.add(html);
    capturedHtml.set(ctx, captured);
  }
}

const escapeHtml = handlerOf('escape');

function handlerOf(name: string): (this: FilterImpl, value: unknown) => string {
  const filter = filters[name];
  if (filter === undefined) throw new Error(`liquidjs has no ${name} filter`);
  return typeof filter === 'function' ? filter : filter.handler;
}
