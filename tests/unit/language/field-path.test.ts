import { describe, expect, it } from 'vitest';
import { UpdateProfileStep } from '../../../language/steps.ts';

describe('a field path', () => {
  it('cannot hold __proto__, which an update-profile step would write onto every object', () => {
    // Act
    const polluting = UpdateProfileStep.safeParse({ 'update-profile': { set: { '__proto__.admin': true } } });
    const nested = UpdateProfileStep.safeParse({ 'update-profile': { increment: { 'a.__proto__': 1 } } });
    const plain = UpdateProfileStep.safeParse({ 'update-profile': { set: { 'proto.admin': true } } });

    // Assess
    expect(polluting.success).toBe(false);
    expect(nested.success).toBe(false);
    expect(plain.success).toBe(true);
  });
});
