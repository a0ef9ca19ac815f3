import type * as z from 'zod';

/**
 * What is wrong with a command's options, on one line, each named as the user typed it:
 * `--speed: expected a number, got "fast"`. zod's own rendering names the option's key (`speed`)
 * on a second line and says a word given for a number was NaN, which is coercion's detail.
 */
export function optionProblems(error: z.ZodError, given: unknown): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.map(String).join('.');
      const value = typeof given === 'object' && given !== null ? Reflect.get(given, key) : undefined;
      const message =
        issue.code === 'invalid_type' && issue.expected === 'number' ? 'expected a number' : issue.message;
      return `--${flagOf(key)}: ${message}${value === undefined ? '' : `, got ${JSON.stringify(value)}`}`;
    })
    .join('; ');
}

/** commander's key for `--detail-type` is `detailType`. */
function flagOf(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
