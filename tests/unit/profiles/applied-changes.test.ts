import { describe, expect, it } from 'vitest';
import { appliedChangesOf, appliedMark, withMark } from '../../../shared/profiles/applied-changes.ts';
import { utf8Bytes } from '../../../shared/store/item-size.ts';

describe('the marks of changes applied once on a profile item', () => {
  it('keeps the last 50, each of at most 128 bytes', () => {
    // Prepare: 60 marks, one of a long step name
    const long = appliedMark(`exec#${'é'.repeat(200)}`);
    let marks: string[] = [];

    // Act
    for (let index = 0; index < 59; index += 1) marks = withMark(marks, appliedMark(`exec-${index}#step`));
    marks = withMark(marks, long);

    // Assess
    expect(marks).toHaveLength(50);
    expect(marks[0]).toBe('exec-10#step');
    expect(marks.at(-1)).toBe(long);
    expect(utf8Bytes(long)).toBeLessThanOrEqual(128);
  });

  it('reads an item without marks, or with a malformed attribute, as none', () => {
    expect(appliedChangesOf(undefined)).toEqual([]);
    expect(appliedChangesOf({ pk: 'PROFILE#x', sk: 'PROFILE' })).toEqual([]);
    expect(appliedChangesOf({ appliedChanges: 'not a list' })).toEqual([]);
  });
});
