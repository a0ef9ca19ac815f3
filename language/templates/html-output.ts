import { CaptureTag, type Context, filters, type Liquid, toValue } from 'liquidjs';
import type { FilterImpl } from './filter-impl.ts';

/**
 * How an email's HTML writes values: every `{{ value }}` is HTML-escaped, unless it is already
 * HTML this render made. liquidjs escapes every output whose last filter is not `raw`, which
 * escaped twice what a template had escaped or built itself: `{{ name | escape }}` showed
 * customers `Tom &amp;amp; Jerry`, and `{{ greeting }}` after `{% capture greeting %}` showed its
 * tags as text. Kept from a second escape: the text `escape`, `escape_once`, `xml_escape` and
 * `newline_to_br` made (it escapes its input unless that is such text, then adds its `<br />`),
 * wherever it is written (`{% assign safe = name | escape %}{{ safe }}`), and a capture's text.
 * Every value written counts against the render's memory limit, as the escape did.
 */
export function htmlOutputEscape(this: FilterImpl, value: unknown): string {
  const plain: unknown = toValue(value);
  if (typeof plain === 'string' && isMade(this.context, plain)) {
    this.context.memoryLimit.use(plain.length);
    return plain;
  }
  return escapeHtml.call(this, value);
}

/** Registers the filters and the capture tag that go with htmlOutputEscape. */
export function keepTemplateHtml(engine: Liquid): void {
  for (const name of ['escape', 'escape_once', 'xml_escape'] as const) {
    const escaping = handlerOf(name);
    engine.registerFilter(name, function (this: FilterImpl, value: unknown) {
      return keep(this.context, escaping.call(this, value));
    });
  }
  const newlineToBr = handlerOf('newline_to_br');
  engine.registerFilter('newline_to_br', function (this: FilterImpl, value: unknown) {
    const plain: unknown = toValue(value);
    const escaped =
      typeof plain === 'string' && isMade(this.context, plain) ? plain : escapeHtml.call(this, value);
    return keep(this.context, newlineToBr.call(this, escaped));
  });
  engine.registerTag('capture', HtmlCapture);
}

/**
 * The HTML each render made, by its text. A string is no object to mark, so a value equal to one
 * is written as it is wherever it comes from: a customer's value can then only repeat HTML that
 * this template itself wrote (or escaped text, safe as it is), never add its own. A `| raw` inside
 * a capture asks for its value as it is, and gets it there too.
 */
const madeHtml = new WeakMap<Context, Set<string>>();

function isMade(context: Context, text: string): boolean {
  return madeHtml.get(context)?.has(text) === true;
}

function keep(context: Context, html: string): string {
  const made = madeHtml.get(context) ?? new Set<string>();
  made.add(html);
  madeHtml.set(context, made);
  return html;
}

class HtmlCapture extends CaptureTag {
  override *render(ctx: Context): Generator<unknown, void, string> {
    yield* super.render(ctx);
    const html: unknown = ctx.bottom()[this.variable];
    if (typeof html === 'string') keep(ctx, html);
  }
}

const escapeHtml = handlerOf('escape');

function handlerOf(name: string): (this: FilterImpl, value: unknown) => string {
  const filter = filters[name];
  if (filter === undefined) throw new Error(`liquidjs has no ${name} filter`);
  return typeof filter === 'function' ? filter : filter.handler;
}
