import type { Liquid, Template as LiquidTemplate } from 'liquidjs';
import * as z from 'zod';

/** A problem at a line and column of the text checked (1-based). */
export type Located = { line: number; col: number; message: string };

export type LiquidCheck = {
  /** Every syntax error that is the author's; none when the text parses. */
  readonly errors: readonly Located[];
  /**
   * The text parsed once each broken markup was taken out (its place kept blank, so positions
   * hold): what the variable checks read, so a syntax error does not hide the rest. Undefined when
   * the text could not be mended.
   */
  readonly template: LiquidTemplate[] | undefined;
  /**
   * The words of the tags taken out: a variable a broken `{% for item in %}` or `{% assign %}`
   * would have defined must not be reported as unknown because the tag is gone.
   */
  readonly removedNames: ReadonlySet<string>;
};

/** Enough for a handful of independent mistakes; a text broken beyond that reports what it has. */
const MAX_REPAIRS = 20;
const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'if',
  'unless',
  'for',
  'case',
  'capture',
  'raw',
  'comment',
  'tablerow',
]);

const LiquidErrorToken = z.looseObject({
  token: z.looseObject({ begin: z.number().int().min(0), end: z.number().int().min(0) }),
});

/**
 * Parses Liquid and, at a syntax error, mends the text and parses again, so the rest of it is still
 * checked: a broken `{{ … }}` or tag is blanked out, a block left open is closed at the end.
 * Once a tag has been taken out, later syntax errors may be its echo (an `{% endfor %}` left alone),
 * so only the errors before that are reported; the variables are checked either way.
 */
export function checkLiquid(engine: Liquid, text: string): LiquidCheck {
  const errors: Located[] = [];
  let mended = text;
  let structureIntact = true;
  let reportedUpTo = -1;
  const removedNames = new Set<string>();
  for (let attempt = 0; attempt <= MAX_REPAIRS; attempt += 1) {
    let failure: unknown;
    try {
      return { errors, template: engine.parse(mended), removedNames };
    } catch (error) {
      failure = error;
    }
    const located = locate(failure, mended);
    const span = tokenSpan(failure);
    if (structureIntact && (span === undefined || span.begin >= reportedUpTo)) errors.push(located);
    if (span === undefined) break;
    const opened = openBlock(mended, span, failure);
    const repaired = opened === undefined ? blankMarkup(mended, span) : closeBlock(mended, opened);
    if (repaired === undefined) break;
    structureIntact &&= repaired.outputOnly;
    if (!repaired.outputOnly)
      for (const name of repaired.removed.match(/[A-Za-z_][\w-]*/g) ?? []) removedNames.add(name);
    reportedUpTo = repaired.end;
    mended = repaired.text;
  }
  return { errors, template: undefined, removedNames };
}

function locate(error: unknown, text: string): Located {
  const message = error instanceof Error ? error.message : String(error);
  const span = tokenSpan(error);
  const position = /line:(\d+), col:(\d+)/.exec(message);
  const at =
    position !== null
      ? { line: Number(position[1]), col: Number(position[2]) }
      : span !== undefined
        ? lineAndColumn(text, span.begin)
        : { line: 1, col: 1 };
  return {
    ...at,
    message: `Liquid syntax: ${message.replace(/,? ?line:\d+, col:\d+/, '').split('\n')[0] ?? message}`,
  };
}

function tokenSpan(error: unknown): { begin: number; end: number } | undefined {
  const parsed = LiquidErrorToken.safeParse(error);
  return parsed.success ? parsed.data.token : undefined;
}

/** The block tag an error says is not closed, if that is what it says. */
function openBlock(text: string, span: { begin: number; end: number }, error: unknown): string | undefined {
  if (!(error instanceof Error) || !/not closed/.test(error.message)) return undefined;
  const name = /^\{%-?\s*(\w+)/.exec(text.slice(span.begin, span.end))?.[1];
  return name !== undefined && BLOCK_TAGS.has(name) ? name : undefined;
}

function closeBlock(text: string, name: string): Repair {
  const closing = `{% end${name} %}`;
  // Closed at the very end, where it moves nothing; a block closed twice would loop, so it stops.
  if (text.endsWith(closing)) return undefined;
  return { text: `${text}${closing}`, end: text.length, outputOnly: false, removed: '' };
}

type Repair = { text: string; end: number; outputOnly: boolean; removed: string } | undefined;

/** Blanks the whole `{{ … }}` or `{% … %}` the error lies in, keeping line breaks where they are. */
function blankMarkup(text: string, span: { begin: number; end: number }): Repair {
  const opener = Math.max(text.lastIndexOf('{{', span.begin), text.lastIndexOf('{%', span.begin));
  const start = opener === -1 ? span.begin : opener;
  const closers = [
    text.indexOf('}}', Math.max(span.end - 2, start)),
    text.indexOf('%}', Math.max(span.end - 2, start)),
  ]
    .filter((index) => index !== -1)
    .map((index) => index + 2);
  const end = closers.length === 0 ? text.length : Math.min(...closers);
  const markup = text.slice(start, end);
  if (markup.trim() === '') return undefined;
  const blank = markup.replace(/[^\n]/g, ' ');
  return {
    text: text.slice(0, start) + blank + text.slice(end),
    end,
    outputOnly: markup.startsWith('{{'),
    removed: markup,
  };
}

function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}
