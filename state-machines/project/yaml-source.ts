import { isNode, LineCounter, parseDocument } from 'yaml';
import type { PathSegment, Violation } from '../validation/violation.ts';
import { indentationError } from './yaml-indentation.ts';

/** A parsed YAML file that still knows where each value came from, to point errors at lines. */
export type YamlSource = {
  readonly file: string;
  readonly data: unknown;
  /** The 1-based line of the value at a path, or of its closest existing parent. */
  lineOf(path: readonly PathSegment[]): number | undefined;
};

const MAX_SYNTAX_ERRORS = 3;

export type ParsedYaml = { source?: YamlSource; violations: Violation[] };

export function parseYaml(file: string, text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    // One stray bracket can make the parser complain about every token after it: the first few
    // errors locate the problem, the rest is noise.
    const all = document.errors.map((error): Violation => {
      const position = error.linePos?.[0];
      const plain =
        position === undefined ? undefined : indentationError(text, { code: error.code, ...position });
      if (plain !== undefined)
        return {
          file,
          path: `${plain.line}:${plain.col}`,
          message: `YAML: ${plain.message}`,
          line: plain.line,
        };
      const where = position === undefined ? '' : `${position.line}:${position.col}`;
      return { file, path: where, message: `YAML syntax: ${firstLine(error.message)}`, line: position?.line };
    });
    // The parser may say one mistake twice, in two ways: said plainly, they are the same; and what
    // it says in its own words on a line already explained is the echo of the same mistake.
    const explained = new Set(
      all.flatMap((violation) => (violation.message.startsWith('YAML: ') ? [violation.line] : [])),
    );
    const distinct = all.filter(
      (violation, index) =>
        all.findIndex((other) => other.path === violation.path && other.message === violation.message) ===
          index && !(violation.message.startsWith('YAML syntax: ') && explained.has(violation.line)),
    );
    const shown = distinct.slice(0, MAX_SYNTAX_ERRORS);
    const hidden = distinct.length - shown.length;
    if (hidden > 0)
      shown.push({ file, path: '', message: `and ${hidden} more YAML syntax errors after these` });
    return { violations: shown };
  }
  const lineOf = (path: readonly PathSegment[]): number | undefined => {
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  // toJS expands aliases, and refuses a document whose aliases expand past yaml's maxAliasCount
  // (a "billion laughs"): a problem of this file, said as one, not an exception of the command.
  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { violations: [{ file, path: '', message: `YAML: ${firstLine(message)}` }] };
  }
  return { source: { file, data, lineOf }, violations: [] };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
