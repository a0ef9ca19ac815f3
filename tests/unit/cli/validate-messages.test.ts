import { describe, expect, it } from 'vitest';
import { createLiquidEngine } from '../../../language/templates/liquid-engine.ts';
import { parseYaml } from '../../../state-machines/project/yaml-source.ts';
import { liquidFindings } from '../../../state-machines/validation/checks/templates.ts';
import { closestName } from '../../../state-machines/validation/suggest.ts';

/** What `parcours validate` prints for a YAML file: `line:col: message`. */
function yamlProblems(text: string): string[] {
  return parseYaml('x.yaml', text).violations.map(({ path, message }) => `${path}: ${message}`);
}

function liquidProblems(text: string): string[] {
  return liquidFindings(createLiquidEngine(), text, undefined).map(
    ({ line, col, message }) => `${line}:${col}: ${message}`,
  );
}

describe('YAML indentation mistakes, at the line that is off and in plain words', () => {
  it.each([
    [
      'a key indented under a key that has a value',
      'id: x\nentry:\n  key: detail.cartId\n    reentry: never\n',
      '4:5: YAML: "reentry" is indented more than "key" on line 3, which already has a value: indent it as far as "key" (column 3)',
    ],
    [
      "a key indented past a list item's key",
      'steps:\n  - send: email\n      template: a\n',
      '3:7: YAML: "template" is indented more than "- send" on line 2, which already has a value: indent it as far as "send" (column 5)',
    ],
    [
      'a list item indented under the item above',
      'steps:\n- wait: 1h\n  - send: email\n',
      '3:3: YAML: "- send" is indented more than "- wait" on line 2, which already has a value: indent it as far as "- wait" (column 1)',
    ],
    [
      "a key between a list item's dash and its key",
      'steps:\n  - send: email\n   template: a\n',
      '3:4: YAML: "template" is not lined up with "send" on line 2 (column 4 here, 5 there): to be part of that item, indent it as far as "send"',
    ],
    [
      'a key indented less than its siblings',
      'entry:\n  key: detail.cartId\n reentry: never\n',
      '3:2: YAML: "reentry" is not lined up with "key" on line 2 (column 2 here, 3 there): keys of one mapping start at the same column',
    ],
    ['a tab', 'steps:\n\t- wait: 1h\n', '2:1: YAML: a tab indents this line: YAML indents with spaces only'],
  ])('%s', (_, text, expected) => {
    expect(yamlProblems(text)).toEqual([expected]);
  });

  it('leaves other syntax errors in the parser words', () => {
    expect(yamlProblems('id: x\nname: "abc\n')).toEqual([
      expect.stringMatching(/: YAML syntax: Missing closing/),
    ]);
  });
});

describe('Liquid: a syntax error hides nothing else', () => {
  it('reports every broken output and the unknown variables after them', () => {
    expect(liquidProblems('{{ profile..name }}\n{{ evnt.x }}\n{{ profile.name | nofilter }}\n')).toEqual([
      '1:12: Liquid syntax: expected "|" before filter',
      '3:1: Liquid syntax: undefined filter: nofilter',
      expect.stringMatching(/^2:4: unknown variable "evnt"/),
    ]);
  });

  it('after a broken tag, reports only its error and the unknown variables, not its echoes', () => {
    const text = '{% for item in %}\n{{ item.name }} {{ evnt.x }}\n{% endfor %}\n';

    expect(liquidProblems(text)).toEqual([
      expect.stringMatching(/^1:1: Liquid syntax: /),
      expect.stringMatching(/^2:\d+: unknown variable "evnt"/),
    ]);
  });

  it('closes a block left open and checks what it holds', () => {
    expect(liquidProblems('{% if profile.vip %}\n{{ evnt.x }}\n')).toEqual([
      expect.stringMatching(/^1:1: Liquid syntax: tag \{% if profile\.vip %\} not closed/),
      expect.stringMatching(/^2:4: unknown variable "evnt"/),
    ]);
  });
});

describe('did you mean', () => {
  it.each([
    ['orders', 'orders_count'],
    ['ordersCount', 'orders_count'],
    ['aggregates.orders_count', 'orders_count'],
    ['last_ordr_at', 'last_order_at'],
  ])('%s → %s', (name, meant) => {
    expect(closestName(name, ['orders_count', 'revenue', 'last_order_at', 'product_purchased_at'])).toBe(
      meant,
    );
  });

  it('suggests nothing rather than a guess', () => {
    expect(closestName('nope', ['orders_count', 'revenue', 'last_order_at'])).toBeUndefined();
    // "order" is in two names: neither is the likelier.
    expect(closestName('order', ['orders_count', 'last_order_at'])).toBeUndefined();
  });
});
