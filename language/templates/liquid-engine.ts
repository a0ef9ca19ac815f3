import { Liquid, toValue } from 'liquidjs';
import type { FilterImpl } from './filter-impl.ts';
import { htmlOutputEscape, keepTemplateHtml } from './html-output.ts';

/**
 * One engine configuration for validation and for sending, so a template that validates renders
 * the same way in the Lambda. Unknown filters are syntax errors; unknown variables are caught by
 * static analysis at validation time and render as empty at send time.
 */
export function createLiquidEngine(options: { escape?: OutputEscape } = {}): Liquid {
  const engine = new Liquid({
    fs: NO_FILES,
    relativeReference: false,
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    // The date filter's locale, which Lambda's runtime resolves to en-US. Named here so every
    // machine renders as Lambda does, and because resolving the default builds an
    // Intl.DateTimeFormat, some 20 ms of every cold start that creates an engine.
    locale: 'en-US',
    // A template comes from a marketer and its loop bounds may come from an event, so one render
    // must not hold a function (or the whole local platform) until it runs out of memory.
    memoryLimit: RENDER_MEMORY_LIMIT,
    renderLimit: RENDER_TIME_LIMIT_MS,
    outputEscape: OUTPUT_ESCAPES[options.escape ?? 'text'],
  });
  engine.registerFilter('money', formatMoney);
  engine.registerFilter('raw', { handler: countedRaw, raw: true });
  if (options.escape === 'html') keepTemplateHtml(engine);
  return engine;
}

/**
 * How every `{{ value }}` is written unless its last filter is `raw`, counted against the render's
 * memory limit (a capture that doubles itself in a loop made 268 million characters in 10 ms):
 * `text` as it is, by default; `html` in an email's HTML (not twice: see html-output.ts);
 * `url-component` in a webhook's URL, where a value holding `/`, `?`, `#` or `@` would otherwise
 * move the call to another path, query or server.
 */
export type OutputEscape = 'text' | 'html' | 'url-component';
const OUTPUT_ESCAPES = {
  text: writtenText,
  html: htmlOutputEscape,
  'url-component': encodeUrlComponent,
} as const;

/**
 * `| raw`, which skips the output escape and so its count, counted here: the value itself, as
 * liquidjs' own gives it to the next filter.
 */
function countedRaw(this: FilterImpl, value: unknown): unknown {
  writtenText.call(this, value);
  return value;
}

/** A value as Liquid writes it, counted. */
function writtenText(this: FilterImpl, value: unknown): string {
  const text = liquidText(value);
  this.context.memoryLimit.use(text.length);
  return text;
}

/**
 * `encodeURIComponent` with `!'()*` encoded too (as liquidjs' `cgi_escape`, which writes a space as
 * `+`, a plus in a path), on the text Liquid would have written. liquidjs keeps that conversion to
 * itself, so it is repeated here: nothing for nil, an array's items joined, anything else as text.
 */
function encodeUrlComponent(this: FilterImpl, value: unknown): string {
  return encodeURIComponent(writtenText.call(this, value)).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function liquidText(value: unknown): string {
  const plain: unknown = toValue(value);
  if (plain === null || plain === undefined) return '';
  if (Array.isArray(plain)) return plain.map(liquidText).join('');
  return String(plain);
}

/**
 * What one render may allocate, in liquidjs' units: the items of every range it makes (`(1..n)`,
 * counted each time a loop evaluates it) and the characters of joins, dates and JSON. Counted, so
 * a render that passes it fails the same way on every machine; a message that needs a million is
 * not an email.
 */
export const RENDER_MEMORY_LIMIT = 1_000_000;

/**
 * How long one render may take, for loops the count above does not see (nested loops over an
 * event's lists). Measured in wall time, so only a render near it could end differently from one
 * machine to the next; a message's render takes milliseconds.
 */
export const RENDER_TIME_LIMIT_MS = 1_000;

/**
 * Templates never read files: `{% include %}` and `{% render %}` would otherwise read the Lambda's
 * working directory at send time. Shared blocks belong in the template folder, compiled ahead.
 */
const NO_FILES = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file: string): Promise<string> => {
    throw new Error(`templates cannot include files ("${file}")`);
  },
  readFileSync: (file: string): string => {
    throw new Error(`templates cannot include files ("${file}")`);
  },
  resolve: (_root: string, file: string) => file,
  dirname: () => '',
  sep: '/',
};

/** `{{ item.price | money }}` or `{{ item.price | money: "EUR", "fr" }}`. */
export function formatMoney(amount: unknown, currency = 'USD', locale = 'en'): string {
  const value = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(value)) return '';
  return moneyFormat(currency, locale).format(value);
}

// Formatters are costly to build and a template formats many prices, so keep one per currency and
// locale. Both come from templates, and the bound keeps odd ones from growing it without end.
const moneyFormats = new Map<string, Intl.NumberFormat>();
const MAX_MONEY_FORMATS = 256;

function moneyFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `${currency}\0${locale}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    if (moneyFormats.size < MAX_MONEY_FORMATS) moneyFormats.set(key, format);
  }
  return format;
}
