/** A YAML error as the parser reports it: its code and where it noticed the problem. */
export type ParserError = {
  readonly code: string;
  readonly line: number;
  readonly col: number;
};

/** A YAML problem in the author's words, at the line to change. */
export type PlainError = { readonly line: number; readonly col: number; readonly message: string };

type ContentLine = {
  /** 1-based. */
  readonly line: number;
  readonly indent: number;
  /** Where its key starts: past the dash of a list item. */
  readonly keyIndent: number;
  /** Its key (or the line's first word when it holds none), to name it in the message. */
  readonly key: string;
  readonly item: boolean;
  /** Whether something follows the key's colon (or the dash) on the same line. */
  readonly hasValue: boolean;
};

/**
 * Indentation mistakes, said plainly and at the line that is off. The parser notices a line
 * indented too far only where it leaves the line above (one line early, "nested mappings are not
 * allowed in compact mappings"), or names the rule it broke ("all mapping items must start at the
 * same column"). Undefined for any other error: the parser's message stands.
 */
/** The parser's codes for what is, in a block file, an indentation mistake (or its echo). */
const INDENTATION_CODES: ReadonlySet<string> = new Set([
  'BLOCK_AS_IMPLICIT_KEY',
  'MULTILINE_IMPLICIT_KEY',
  'BAD_INDENT',
  'MISSING_CHAR',
]);

export function indentationError(text: string, error: ParserError): PlainError | undefined {
  const lines = contentLines(text);
  if (error.code === 'TAB_AS_INDENT')
    return { line: error.line, col: 1, message: 'a tab indents this line: YAML indents with spaces only' };
  if (!INDENTATION_CODES.has(error.code)) return undefined;
  const at = lines.findIndex((candidate) => candidate.line >= error.line);
  // Noticed on a line that has a value: the line that is off is the next one.
  const noticed = lines[at];
  const offending =
    noticed !== undefined &&
    noticed.line === error.line &&
    error.code !== 'BAD_INDENT' &&
    deeper(lines[at + 1], noticed)
      ? at + 1
      : at;
  const line = lines[offending];
  const above = lines[offending - 1];
  if (line === undefined || above === undefined) return undefined;
  // A key deeper than the key above it, or a list item as deep, can only belong to a key with no value.
  const tooDeep = line.item ? line.indent >= above.keyIndent : line.indent > above.keyIndent;
  if (tooDeep && above.hasValue) {
    // A list item lines up with the item above; a key with the key above.
    const target =
      line.item && above.item
        ? { name: `- ${above.key}`, col: above.indent + 1 }
        : { name: above.key, col: above.keyIndent + 1 };
    return {
      line: line.line,
      col: line.indent + 1,
      message: `"${labelOf(line)}" is indented more than "${labelOf(above)}" on line ${above.line}, which already has a value: indent it as far as "${target.name}" (column ${target.col})`,
    };
  }
  // Between a list item's dash and its key: neither in the item nor beside it.
  if (above.item && line.indent > above.indent && line.indent < above.keyIndent) {
    return {
      line: line.line,
      col: line.indent + 1,
      message: `"${labelOf(line)}" is not lined up with "${above.key}" on line ${above.line} (column ${line.indent + 1} here, ${above.keyIndent + 1} there): to be part of that item, indent it as far as "${above.key}"`,
    };
  }
  if (error.code === 'BAD_INDENT') {
    return {
      line: line.line,
      col: line.indent + 1,
      message: `"${labelOf(line)}" is not lined up with "${labelOf(above)}" on line ${above.line} (column ${line.indent + 1} here, ${above.indent + 1} there): keys of one mapping start at the same column`,
    };
  }
  return undefined;
}

function labelOf(line: ContentLine): string {
  return line.item ? `- ${line.key}` : line.key;
}

function deeper(line: ContentLine | undefined, than: ContentLine): boolean {
  return line !== undefined && line.indent > than.indent;
}

/** Every line that holds something other than a comment. */
function contentLines(text: string): ContentLine[] {
  return text.split(/\r?\n/).flatMap((content, index): ContentLine[] => {
    const trimmed = content.trimStart();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed === '---') return [];
    const indent = content.length - trimmed.length;
    const item = /^-(\s+|$)/.exec(trimmed);
    const rest = item === null ? trimmed : trimmed.slice(item[0].length);
    const key = /^([^\s:#'"{[][^:#]*?)\s*:(\s+|$)(.*)$/.exec(rest);
    const name = key?.[1] ?? rest.split(/\s/)[0] ?? rest;
    const value = key === null || key === undefined ? rest : (key[3] ?? '');
    return [
      {
        line: index + 1,
        indent,
        keyIndent: indent + (item === null ? 0 : item[0].length),
        key: name,
        item: item !== null,
        hasValue: value.replace(/\s+#.*$/, '').trim() !== '',
      },
    ];
  });
}
