import { SimulationInputError } from './simulation-input-error.ts';

/** Problems listed before the rest are only counted: a wrong file has as many as it has lines. */
const PROBLEMS_SHOWN = 50;

/** The problems found in an input file, all reported at once, the first fifty in full. */
export class InputProblems {
  private readonly shown: string[] = [];
  private count = 0;

  add(found: readonly string[]): void {
    this.count += found.length;
    this.shown.push(...found.slice(0, Math.max(0, PROBLEMS_SHOWN - this.shown.length)));
  }

  throwIfAny(): void {
    if (this.count === 0) return;
    const more = this.count - this.shown.length;
    throw new SimulationInputError(
      [...this.shown, ...(more > 0 ? [`… and ${more} more problems`] : [])].join('\n'),
    );
  }
}

/** One line's JSON, or why it is not JSON, as `file:line: not valid JSON: reason`. */
export function jsonOfLine(text: string, where: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { problem: `${where}: not valid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '')}` };
  }
}
