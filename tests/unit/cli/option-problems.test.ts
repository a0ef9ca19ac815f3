import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { optionProblems } from '../../../cli/input/option-problems.ts';

const Options = z.object({
  speed: z.coerce.number().positive(),
  port: z.coerce.number().int().max(65_534),
  detailType: z.string().min(1),
});

describe("a command's option problems", () => {
  it('name each option as typed, say a word given for a number is not one, and quote what was given', () => {
    // Prepare
    const given = { speed: 'fast', port: '99999', detailType: '' };

    // Act
    const parsed = Options.safeParse(given);

    // Assess
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(optionProblems(parsed.error, given)).toBe(
      '--speed: expected a number, got "fast"; ' +
        '--port: Too big: expected number to be <=65534, got "99999"; ' +
        '--detail-type: Too small: expected string to have >=1 characters, got ""',
    );
  });
});
