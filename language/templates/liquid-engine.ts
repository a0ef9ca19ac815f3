import { Liquid } from 'liquidjs';

/**
 * One engine configuration for validation and for sending, so a template that validates renders
 * the same way in the Lambda. Unknown filters are syntax errors; unknown variables are caught by
 * static analysis at validation time and render as empty at send time.
 */
export function createLiquidEngine(options: { escapeHtml?: boolean } = {}): Liquid {
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
    ...(options.escapeHtml ? { outputEscape: 'escape' as const } : {}),
  });
  engine.registerFilter('money', formatMoney);
  return engine;
}

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
