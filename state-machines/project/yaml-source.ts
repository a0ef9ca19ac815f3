import { isNode, LineCounter, parseDocument } from 'yaml';
import type { PathSegment, Violation } from '../validation/violation.ts';

/** A parsed YAML file that still knows where each value came from, to point errors at lines. */
export type YamlSource = {
  readonly file: string;
  readonly data: unknown;
  /** The 1-based line of the value at a path, or of its closest existing parent. */
  lineOf(path: readonly PathSegment[]): number | undefined;
};

export type ParsedYaml = { source?: YamlSource; violations: Violation[] };

export function parseYaml(file: string, text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      violations: document.errors.map((error) => {
        const position = error.linePos?.[0];
        const where = position === undefined ? '' : `${position.line}:${position.col}`;
        return {
          file,
          path: where,
          message: `YAML syntax: ${firstLine(error.message)}`,
          line: position?.line,
        };
      }),
    };
  }
  const lineOf = (path: readonly PathSegment[]): number | undefined => {
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return { source: { file, data: document.toJS(), lineOf }, violations: [] };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
