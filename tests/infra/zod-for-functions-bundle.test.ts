import { describe, expect, it } from 'vitest';
import * as zod from 'zod';
import * as forFunctions from '../../infra/bundle/zod-for-functions.ts';

const LEFT_OUT: readonly string[] = forFunctions.LEFT_OUT_OF_FUNCTIONS;

describe('zod as the function bundles see it', () => {
  it("has every member of zod's `z`, each the same one except those left out", () => {
    // Assess: a member zod adds in an upgrade, and this module lacks, fails here rather than in a Lambda.
    expect(Object.keys(forFunctions.z).sort()).toEqual(Object.keys(zod.z).sort());
    for (const key of Object.keys(zod.z)) {
      if (LEFT_OUT.includes(key)) continue;
      expect(Reflect.get(forFunctions.z, key), key).toBe(Reflect.get(zod.z, key));
    }
  });

  it('makes a left-out member fail loudly, naming this module', () => {
    for (const key of LEFT_OUT) {
      const use = () => {
        const member = Reflect.get(forFunctions.z, key);
        if (typeof member === 'function') member();
      };
      expect(use, key).toThrow(
        `z.${key} is left out of function bundles (infra/bundle/zod-for-functions.ts)`,
      );
    }
  });

  it("has zod's named exports", () => {
    for (const key of Object.keys(zod)) {
      if (key === 'z' || key === 'default') continue;
      expect(Reflect.get(forFunctions, key), key).toBe(Reflect.get(zod, key));
    }
  });

  it('validates and reports as zod does', () => {
    const schema = forFunctions.z.object({ email: forFunctions.z.email() });

    const result = schema.safeParse({ email: 'not an address' });

    expect(result.success).toBe(false);
    expect(forFunctions.prettifyError(result.error ?? new forFunctions.ZodError([]))).toContain('email');
  });
});
