import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineContaining, REPO_ROOT, useProjectFixtures } from '../helpers/project-fixture.ts';

const BIN = join(REPO_ROOT, 'cli', 'bin', 'parcours.js');
/** A spawn runs the built CLI in a fraction of a second, its sources through tsx in a few. */
const SPAWNS = { timeout: 60_000 };
const { copyExamples } = useProjectFixtures();

/** `parcours validate scenarios` in `cwd`: its exit code and the problems it listed, one a line. */
function validate(cwd: string): Promise<{ code: number; problems: string[] }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, 'validate', 'scenarios'],
      { cwd, timeout: 50_000 },
      (error, _, stderr) => {
        const code = error === null ? 0 : error.code;
        if (typeof code !== 'number') return reject(error);
        resolve({ code, problems: stderr.split('\n').filter((line) => line.startsWith('scenarios/')) });
      },
    );
  });
}

describe('parcours validate, as a new user meets it', SPAWNS, () => {
  it('suggests the aggregate meant, whether the name is short of it or written in another case', async () => {
    // Prepare
    const fixture = await copyExamples();
    await fixture.replace('win-back.yaml', 'aggregate: last_order_at', 'aggregate: orders');
    await fixture.replace(
      'upsell-product-b.yaml',
      'aggregate: product_purchased_at, key: product-a',
      'aggregate: productPurchasedAt, key: product-a',
    );

    // Act
    const { code, problems } = await validate(fixture.root);

    // Assess
    expect(code).toBe(1);
    expect(problems).toEqual([
      expect.stringMatching(
        /^scenarios\/upsell-product-b\.yaml:entry\.when\.aggregate: .*\(did you mean "product_purchased_at"\?\)$/,
      ),
      'scenarios/win-back.yaml:entry.when.aggregate: unknown aggregate "orders" (did you mean "orders_count"?)',
    ]);
  });

  it('reports a Liquid syntax error and still every other problem of the template and of the others', async () => {
    // Prepare
    const fixture = await copyExamples();
    const reminder = 'templates/cart-reminder/email.mjml';
    await fixture.replace(reminder, '{{ item.quantity }}', '{{ item.quantity }');
    await fixture.replace(
      reminder,
      '{{ event.detail.cartId | url_encode }}',
      '{{ evnt.detail.cartId | url_encode }}',
    );
    await fixture.replace(reminder, 'preheader:', 'preheadr:');
    await fixture.replace('templates/welcome/email.html', '{{ unsubscribe_url }}', '{{ unsubscribe_link }}');
    const text = await fixture.read(reminder);

    // Act
    const { code, problems } = await validate(fixture.root);

    // Assess
    expect(code).toBe(1);
    expect(problems).toEqual([
      `scenarios/${reminder}:1:1: unknown front-matter field "preheadr" (did you mean "preheader"?)`,
      expect.stringMatching(
        new RegExp(`^scenarios/${reminder}:${lineContaining(text, 'item.quantity }')}:\\d+: Liquid syntax: `),
      ),
      expect.stringMatching(
        new RegExp(`^scenarios/${reminder}:${lineContaining(text, 'evnt.')}:\\d+: unknown variable "evnt"`),
      ),
      expect.stringMatching(
        /^scenarios\/templates\/welcome\/email\.html:\d+:\d+: unknown variable "unsubscribe_link"/,
      ),
    ]);
  });

  it('points a line indented too far at that line, in plain words', async () => {
    // Prepare
    const fixture = await copyExamples();
    await fixture.replace('abandoned-cart.yaml', '\n  reentry: never', '\n    reentry: never');
    const line = lineContaining(await fixture.read('abandoned-cart.yaml'), 'reentry: never');

    // Act
    const { code, problems } = await validate(fixture.root);

    // Assess
    expect(code).toBe(1);
    expect(problems).toEqual([
      `scenarios/abandoned-cart.yaml:${line}:5: YAML: "reentry" is indented more than "key" on line ${line - 1}, which already has a value: indent it as far as "key" (column 3)`,
    ]);
  });
});
