/**
 * Liquid markup must come out of MJML and of the HTML-to-text conversion byte for byte, but both
 * treat it as text they may move, drop or cut (MJML drops `{% if %}` between components; a `>` in
 * `{% if a > 1 %}` ends a tag for a naive stripper). So each Liquid tag or output is swapped for an
 * inert token first and put back afterwards.
 */
export const LIQUID_MARKUP = /\{%-?[\s\S]*?-?%\}|\{\{-?[\s\S]*?-?\}\}/g;

const TOKEN_PREFIX = 'PARCOURSLIQUID';

/** Markup wrapped around the tokens that sit in element content, e.g. `<mj-raw>` for MJML. */
export type Wrapper = { readonly open: string; readonly close: string };

export type LiquidMarkup = {
  readonly markup: string;
  /** What stands for the markup in the protected text. */
  readonly token: string;
  /** 1-based line of the markup in the original text, for "dropped by MJML" errors. */
  readonly line: number;
};

export type Protected = {
  readonly text: string;
  readonly markups: readonly LiquidMarkup[];
};

/**
 * Replaces Liquid markup with tokens. Tokens inside `<...>` (attribute values) stay bare, since
 * wrapping them there would break the tag; the others get the wrapper, if any.
 */
export function protectLiquid(text: string, wrapper?: Wrapper): Protected {
  if (text.includes(TOKEN_PREFIX)) throw new Error(`the text contains the reserved word ${TOKEN_PREFIX}`);
  const markups: LiquidMarkup[] = [];
  let output = '';
  let last = 0;
  let line = 1;
  let insideTag = false;
  for (const match of text.matchAll(LIQUID_MARKUP)) {
    const before = text.slice(last, match.index);
    for (const char of before) {
      if (char === '<') insideTag = true;
      else if (char === '>') insideTag = false;
      else if (char === '\n') line++;
    }
    const token = `${TOKEN_PREFIX}${markups.length}END`;
    markups.push({ markup: match[0], token, line });
    line += match[0].split('\n').length - 1;
    output += before + (insideTag || wrapper === undefined ? token : wrapper.open + token + wrapper.close);
    last = match.index + match[0].length;
  }
  return { text: output + text.slice(last), markups };
}

/**
 * Puts the markup back, wrapped tokens first (a component that keeps its content verbatim, like
 * mj-table, leaves the wrapper in place). Returns the markups whose token is gone.
 */
export function restoreLiquid(
  text: string,
  markups: readonly LiquidMarkup[],
  wrapper?: Wrapper,
): { text: string; dropped: LiquidMarkup[] } {
  const seen = new Set<number>();
  const put = (token: string, index: string): string => {
    const markup = markups[Number(index)];
    if (markup === undefined) return token;
    seen.add(Number(index));
    return markup.markup;
  };
  const bare = `${TOKEN_PREFIX}(\\d+)END`;
  let restored = text;
  if (wrapper !== undefined) {
    const wrapped = new RegExp(`${escapeRegExp(wrapper.open)}${bare}${escapeRegExp(wrapper.close)}`, 'g');
    restored = restored.replace(wrapped, put);
  }
  restored = restored.replace(new RegExp(bare, 'g'), put);
  return { text: restored, dropped: markups.filter((_, index) => !seen.has(index)) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a message quotes a token, i.e. is about a value only known once the Liquid renders. */
export function mentionsLiquid(text: string): boolean {
  return text.includes(TOKEN_PREFIX);
}
