import { readFile } from 'node:fs/promises';
import { text as readStream } from 'node:stream/consumers';
import * as z from 'zod';
import { jsonErrorLocation } from './json-error-location.ts';

/** A problem with what the user gave the CLI; its message is complete and printed as is. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** One JSON value read from a file, with where it came from for error messages (`file:3`, `file[2]`). */
export interface LocatedJson {
  readonly value: unknown;
  readonly where: string;
}

/** Shown in messages for `-`. */
export const STDIN_NAME = '<stdin>';

const FileSystemError = z.object({ code: z.string() });

/**
 * Reads a file, or standard input for `-`, turning the usual failures into one-line messages. A
 * byte order mark at the start (some editors and spreadsheets write one) is not JSON: left out.
 */
export async function readInput(file: string): Promise<string> {
  return withoutByteOrderMark(await readText(file));
}

function withoutByteOrderMark(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

async function readText(file: string): Promise<string> {
  if (file === '-') return readStream(process.stdin);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = FileSystemError.safeParse(error).data?.code;
    if (code === 'ENOENT') throw new InputError(`${file}: file not found`);
    if (code === 'EISDIR') throw new InputError(`${file}: is a folder, not a file`);
    if (code === 'EACCES') throw new InputError(`${file}: permission denied`);
    throw error;
  }
}

/** Parses one JSON document; a syntax error names the line (`file:3: not valid JSON: …`). */
export function parseJson(text: string, name: string): unknown {
  if (text.trim() === '') throw new InputError(`${name}: empty, expected JSON`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw syntaxError(text, name, error);
  }
}

/**
 * A JSON value, a JSON array (each element), or JSON lines (one value per line), which is what
 * `jq -c` and log exports produce. Text that is neither is reported against the reading that fits
 * it best: JSON lines when its first line is a complete value, one document otherwise.
 */
export function parseJsonValues(text: string, name: string): LocatedJson[] {
  if (text.trim() === '') throw new InputError(`${name}: empty, expected JSON`);
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value))
      return value.map((item, index) => ({ value: item, where: `${name}[${index}]` }));
    return [{ value, where: name }];
  } catch (error) {
    const lines = text.split('\n').map((line, index) => ({ line, number: index + 1 }));
    const filled = lines.filter(({ line }) => line.trim() !== '');
    const first = filled[0];
    if (filled.length < 2 || first === undefined || !isJson(first.line)) throw syntaxError(text, name, error);
    return filled.map(({ line, number }) => ({
      value: parseLine(line, name, number),
      where: `${name}:${number}`,
    }));
  }
}

function parseLine(line: string, name: string, number: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw syntaxError(line, name, error, number);
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * `file:line: not valid JSON: reason (column n)`, with V8's reason stripped of its position (the
 * line and column replace it) and of the copy of the input it may quote. `firstLine` is the line
 * `text` starts on in the file, for one line of JSON lines.
 */
function syntaxError(text: string, name: string, error: unknown, firstLine = 1): InputError {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
  const location = jsonErrorLocation(text);
  if (location === undefined) return new InputError(`${name}: not valid JSON: ${reason}`);
  return new InputError(
    `${name}:${firstLine + location.line - 1}: not valid JSON: ${reason} (column ${location.column})`,
  );
}
