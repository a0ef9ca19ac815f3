import '../../local/engine/promise-with-resolvers.ts';
import { StateMachine } from 'aws-local-stepfunctions';
import fc from 'fast-check';
// The engine's own path library, the oracle: the engine is patched (patches/) to read paths of
// plain names itself, and must answer as the library did.
import { JSONPath } from 'jsonpath-plus';
import { describe, expect, it } from 'vitest';
import { isRecord } from '../../shared/store/field-path.ts';

const NUM_RUNS = 150;

/** Names a document holds, and names every object or string answers from its prototype. */
const NAMES = ['a', 'b', 'items', 'length', 'constructor', 'toString', '__proto__', 'x_1'] as const;
const name = fc.constantFrom(...NAMES);
const document = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, 0, 1, '', 'text', true, false),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(name, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const path = fc.array(name, { maxLength: 4 }).map((names) => ['$', ...names].join('.'));

type Json = Parameters<StateMachine['run']>[0];

/** An input as on AWS, JSON: a "__proto__" key is a plain key, as JSON.parse makes it. */
function asJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value));
}

/** What the engine's Parameters give for `path` over `input`: the value, or the error's name. */
async function engineReads(path: string, input: Json): Promise<{ value?: unknown; error?: string }> {
  const machine = new StateMachine(
    { StartAt: 'Read', States: { Read: { Type: 'Pass', Parameters: { 'v.$': path }, End: true } } },
    { validationOptions: { noValidate: true } },
  );
  try {
    const output: unknown = await machine.run(input).result;
    return { value: isRecord(output) ? output.v : output };
  } catch (error) {
    // The engine wraps the state's error in an ExecutionError.
    const cause: unknown = error instanceof Error ? error.cause : undefined;
    return { error: cause instanceof Error ? cause.name : String(error) };
  }
}

describe('the engine reads paths of plain names as jsonpath-plus does', () => {
  it('answers the same value, or fails where there is none, on any document', async () => {
    await fc.assert(
      fc.asyncProperty(document, path, async (input, query) => {
        const json = asJson(input);
        // The call the engine made for every path before it was patched.
        const expected: unknown = JSONPath({ path: query, json, wrap: false });
        const read = await engineReads(query, json);
        if (expected === undefined) expect(read.error).toBe('States.Runtime');
        else expect(read).toEqual({ value: expected });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('keeps a "__proto__" key of an input as data when it copies the input into a result', async () => {
    const machine = new StateMachine(
      { StartAt: 'Add', States: { Add: { Type: 'Pass', Result: 1, ResultPath: '$.r', End: true } } },
      { validationOptions: { noValidate: true } },
    );
    const input = asJson(JSON.parse('{"__proto__": {"polluted": true}, "a": [1, {"b": 2}]}'));
    const output: unknown = await machine.run(input).result;
    expect(isRecord(output) && Object.keys(output)).toEqual(['__proto__', 'a', 'r']);
    expect(JSON.stringify(output)).toBe('{"__proto__":{"polluted":true},"a":[1,{"b":2}],"r":1}');
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
  });
});
