/**
 * Where a JSON text first goes wrong, as a 1-based line and column. V8's JSON.parse names a position
 * for some errors only (`Unexpected token 'x', "…" is not valid JSON` has none), so the CLI finds it
 * itself to point people at the line to fix. Only called on text JSON.parse has already refused.
 */
export interface TextLocation {
  readonly line: number;
  readonly column: number;
}

export function jsonErrorLocation(text: string): TextLocation | undefined {
  const offset = jsonErrorOffset(text);
  return offset === undefined ? undefined : locationOf(text, offset);
}

export function locationOf(text: string, offset: number): TextLocation {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

class Stop {
  constructor(readonly offset: number) {}
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** The offset of the first character that cannot continue valid JSON (the length if it ends early). */
function jsonErrorOffset(text: string): number | undefined {
  let at = 0;
  const stop = (): never => {
    throw new Stop(at);
  };
  const skipWhitespace = () => {
    while (WHITESPACE.has(text.charAt(at))) at++;
  };
  const expect = (char: string) => {
    skipWhitespace();
    if (text.charAt(at) !== char) stop();
    at++;
  };
  const matchSticky = (pattern: RegExp) => {
    pattern.lastIndex = at;
    if (!pattern.test(text)) stop();
    at = pattern.lastIndex;
  };
  const string = () => {
    at++;
    for (;;) {
      const char = text.charAt(at);
      if (char === '"') break;
      if (char === '' || char < ' ') stop();
      if (char === '\\') {
        at++;
        const escaped = text.charAt(at);
        if (escaped === 'u') {
          at++;
          matchSticky(HEX4);
          continue;
        }
        if (!ESCAPES.has(escaped)) stop();
      }
      at++;
    }
    at++;
  };
  const list = (close: string, item: () => void) => {
    at++;
    skipWhitespace();
    if (text.charAt(at) === close) {
      at++;
      return;
    }
    for (;;) {
      item();
      skipWhitespace();
      if (text.charAt(at) === close) break;
      expect(',');
    }
    at++;
  };
  const value = (): void => {
    skipWhitespace();
    const char = text.charAt(at);
    if (char === '{') {
      list('}', () => {
        skipWhitespace();
        if (text.charAt(at) !== '"') stop();
        string();
        expect(':');
        value();
      });
    } else if (char === '[') {
      list(']', value);
    } else if (char === '"') {
      string();
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      matchSticky(NUMBER);
    } else {
      const literal = LITERALS.find((candidate) => candidate.startsWith(char) && char !== '') ?? '';
      let matched = 0;
      while (matched < literal.length && text.charAt(at + matched) === literal.charAt(matched)) matched++;
      at += matched;
      if (literal === '' || matched < literal.length) stop();
    }
  };
  try {
    value();
    skipWhitespace();
    return at < text.length ? at : undefined;
  } catch (error) {
    // A RangeError means nesting too deep to follow; the caller then reports no line.
    return error instanceof Stop ? error.offset : undefined;
  }
}
