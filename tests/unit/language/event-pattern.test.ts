import { describe, expect, it } from 'vitest';
import { EventPattern } from '../../../language/event-pattern.ts';
import { patternProblem } from '../../../language/pattern-operator-keys.ts';
import { schemaFindings } from '../../../state-machines/validation/schema-issues.ts';

/**
 * The event-pattern grammar beyond the user guide's examples (tests/unit/events/pattern-match.docs
 * .test.ts): forms AWS accepts that a stricter reading would refuse, and forms its compiler
 * (event-ruler's JsonRuleCompiler) refuses that a looser one would let through to the deployment.
 */
const ACCEPTED: Array<{ name: string; pattern: EventPattern }> = [
  { name: 'an empty prefix, which matches any string', pattern: { a: [{ prefix: '' }] } },
  {
    name: 'anything-but a list of wildcards',
    pattern: { a: [{ 'anything-but': { wildcard: ['*.png', 'a\\**'] } }] },
  },
  {
    name: 'anything-but a list ignoring case',
    pattern: { a: [{ 'anything-but': { 'equals-ignore-case': ['x'] } }] },
  },
  { name: 'escaped asterisks and backslashes', pattern: { a: [{ wildcard: '\\**\\\\*' }] } },
  { name: 'a range from ">=" to "<="', pattern: { a: [{ numeric: ['>=', -1, '<=', 1e9] }] } },
  { name: 'an IPv4 block up to /31', pattern: { a: [{ cidr: '10.0.0.0/31' }] } },
  { name: 'an IPv6 block up to /127', pattern: { a: [{ cidr: '2001:db8::/127' }] } },
  { name: 'exists: false beside a value', pattern: { a: ['x', { exists: false }] } },
  { name: 'an "$or" in an "$or"', pattern: { $or: [{ a: ['x'] }, { $or: [{ b: [1] }, { c: [null] }] }] } },
];

const REFUSED: Array<{ name: string; json: string; path: Array<string | number>; message: string }> = [
  {
    name: 'a range written upper bound first',
    json: '{"a":[{"numeric":["<",5,">",1]}]}',
    path: ['a', 0, 'numeric'],
    message: 'a numeric range is written lower bound first: [">" or ">=", number, "<" or "<=", number]',
  },
  {
    name: 'an empty range (event-ruler: "Bottom must be less than top")',
    json: '{"a":[{"numeric":[">",5,"<",5]}]}',
    path: ['a', 0, 'numeric'],
    message: 'a numeric range needs its lower bound (5) below its upper bound (5)',
  },
  {
    name: 'a comparison that is not one',
    json: '{"a":[{"numeric":["!=",5]}]}',
    path: ['a', 0, 'numeric'],
    message: '"!=" is not a comparison: use =, <, <=, > or >=',
  },
  {
    name: 'anything-but null',
    json: '{"a":[{"anything-but":null}]}',
    path: ['a', 0, 'anything-but'],
    message: 'anything-but takes a string, a number or a list of them, not null',
  },
  {
    name: 'a boolean in an anything-but list',
    json: '{"a":[{"anything-but":["x",true]}]}',
    path: ['a', 0, 'anything-but', 1],
    message: 'anything-but lists strings or numbers, not true',
  },
  {
    name: 'a backslash escaping a letter in a wildcard',
    json: '{"a":[{"wildcard":"C:\\\\dir"}]}',
    path: ['a', 0, 'wildcard'],
    message: 'wildcard "C:\\dir": a backslash escapes only "*" or "\\" (at position 2)',
  },
  {
    name: 'a wildcard ending in a lone backslash',
    json: '{"a":[{"anything-but":{"wildcard":["ok","x\\\\"]}}]}',
    path: ['a', 0, 'anything-but', 'wildcard', 1],
    message: 'wildcard "x\\": a backslash escapes only "*" or "\\" (at position 1)',
  },
  {
    name: 'a cidr without a prefix length',
    json: '{"a":[{"cidr":"10.0.0.1"}]}',
    path: ['a', 0, 'cidr'],
    message: 'cidr takes an IP address block like "10.0.0.0/24" or "2001:db8::/32", not "10.0.0.1"',
  },
  {
    name: 'a /128 IPv6 block',
    json: '{"a":[{"cidr":"2001:db8::1/128"}]}',
    path: ['a', 0, 'cidr'],
    message: "an IPv6 block's prefix length is at most 127; to match one address, list it as a value",
  },
  {
    name: 'two operators in one object',
    json: '{"a":[{"prefix":"x","suffix":"y"}]}',
    path: ['a', 0],
    message:
      'an operator object names one operator, found "prefix" and "suffix": list them as separate values',
  },
  {
    name: 'an operator name as a field inside "$or"',
    json: '{"$or":[{"a":["x"]},{"b":{"numeric":[1]}}]}',
    path: ['$or', 1, 'b', 'numeric'],
    message: '"numeric" names an operator, and AWS refuses it as a field name inside "$or"',
  },
];

describe('EventPattern', () => {
  it.each(ACCEPTED)('accepts $name', ({ pattern }) => {
    const verdicts = { schema: EventPattern.safeParse(pattern).success, grammar: patternProblem(pattern) };

    expect(verdicts).toEqual({ schema: true, grammar: undefined });
  });

  it.each(REFUSED)('refuses $name, naming the place', ({ json, path, message }) => {
    const pattern: unknown = JSON.parse(json);

    const result = EventPattern.safeParse(pattern);

    const issues = result.success
      ? []
      : result.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
    expect({ issues, grammar: patternProblem(pattern) }).toEqual({
      issues: [{ path, message }],
      grammar: { path, message },
    });
  });

  it('tells the author what is wrong, where zod alone said "Too small: expected array to have >=2 items"', () => {
    const pattern: unknown = JSON.parse('{"detail":{"state":[{"anything-but":{"prefix":["$","%"]}}]}}');

    const result = EventPattern.safeParse(pattern);

    const findings = result.success ? [] : schemaFindings(result.error.issues, pattern);
    expect(findings).toEqual([
      {
        path: ['detail', 'state', 0, 'anything-but', 'prefix'],
        message:
          'anything-but takes one prefix, not a list; to exclude several, write { "wildcard": ["$*", "%*"] }',
      },
    ]);
  });
});
