import { describe, expect, it } from 'vitest';
import { packagesLoadedBy } from '../../helpers/loaded-packages.ts';
import { useProjectFixtures } from '../../helpers/project-fixture.ts';

/** A child Node runs each script, in the project root, so it loads the engine as the platform does. */
const SPAWNS = { timeout: 60_000 };
const { tempDir } = useProjectFixtures();

/**
 * The packages a Node loads once `body` has run after importing the engine: what it imports, and
 * what it requires (require's cache, where the engine's lazy requires land).
 */
async function packagesLoadedAfter(body: string): Promise<Set<string>> {
  const script = `import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
// The engine calls Promise.withResolvers, which Node 20 lacks (see local/engine/).
Promise.withResolvers ??= () => {
  let resolve, reject;
  const promise = new Promise((yes, no) => { resolve = yes; reject = no; });
  return { promise, resolve, reject };
};
const { StateMachine } = await import('aws-local-stepfunctions');
${body}
appendFileSync(process.env.LOADED_LOG, Object.keys(createRequire(import.meta.url).cache).join('\\n'));
`;
  return packagesLoadedBy(await tempDir(), ['--input-type=module', '--eval', script]);
}

const TASK_MACHINE = {
  StartAt: 'Send',
  States: {
    Send: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:send', End: true },
  },
};

describe('the patched engine loads the AWS SDK and the ASL validator only to use them', SPAWNS, () => {
  it('runs a Task on a local handler, unvalidated, without loading either', async () => {
    // Act
    const loaded = await packagesLoadedAfter(`
const machine = new StateMachine(${JSON.stringify(TASK_MACHINE)}, { validationOptions: { noValidate: true } });
const handlers = { Send: async () => ({ sent: true }) };
const output = await machine.run({}, { overrides: { taskResourceLocalHandlers: handlers } }).result;
if (output.sent !== true) throw new Error('the local handler did not answer');
`);

    // Assess: the engine's own dependencies are seen, so the hook did see what was loaded.
    expect(loaded).toContain('aws-local-stepfunctions');
    expect(loaded).toContain('jsonpath-plus');
    const unused = [...loaded].filter((name) => /^(@aws-sdk\/|@smithy\/|asl-validator$|ajv$)/.test(name));
    expect(unused).toEqual([]);
  });

  it('still validates a definition unless told not to, loading the validator then', async () => {
    // Act: a Task without a Resource, which asl-validator refuses.
    const loaded = await packagesLoadedAfter(`
let refused = '';
try {
  new StateMachine({ StartAt: 'Send', States: { Send: { Type: 'Task', End: true } } });
} catch (error) {
  refused = error.message;
}
if (!refused.includes('State machine definition is invalid')) throw new Error('not refused: ' + refused);
`);

    // Assess
    expect(loaded).toContain('asl-validator');
    expect([...loaded].filter((name) => name.startsWith('@aws-sdk/'))).toEqual([]);
  });
});
