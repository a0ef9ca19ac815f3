import { describe, expect, it } from 'vitest';
import { Scenario } from '../../../language/scenario.ts';
import { eventFieldsRead } from '../../../state-machines/model/event-fields.ts';
import { buildStepTree } from '../../../state-machines/model/step-tree.ts';

function scenario(fields: Record<string, unknown>): Scenario {
  return Scenario.parse({
    id: 'test',
    name: 'Test',
    program: 'conversion',
    stage: 'purchase',
    trigger: { 'detail-type': ['cart.updated'] },
    steps: [{ wait: '1h' }],
    ...fields,
  });
}

const fieldsOf = (parsed: Scenario): string[] => eventFieldsRead(parsed, buildStepTree(parsed.steps));

describe('eventFieldsRead', () => {
  it('lists the event fields of branch conditions, inside all, any and not', () => {
    // Prepare
    const parsed = scenario({
      steps: [
        {
          branch: [
            {
              when: {
                all: [
                  { event: 'detail.total', gt: 50 },
                  {
                    any: [
                      { event: 'detail.channel', equals: 'web' },
                      { not: { event: 'detail.coupon', exists: true } },
                    ],
                  },
                  { profile: 'plan', equals: 'pro' },
                  { aggregate: 'orders_count', gte: 1 },
                  { segment: 'vip' },
                ],
              },
              steps: [{ send: 'email', template: 'cart-reminder' }],
            },
            { when: { event: 'time', 'older-than': '1h' }, steps: [{ exit: 'late' }] },
          ],
        },
      ],
    });

    // Act
    const fields = fieldsOf(parsed);

    // Assess
    expect(fields).toEqual(['detail.channel', 'detail.coupon', 'detail.total', 'time']);
  });

  it('lists event dates that waits wake up on, not profile dates', () => {
    // Prepare
    const parsed = scenario({
      steps: [
        { wait: { until: 'event.detail.renewalDate', before: '3d' } },
        { wait: { until: 'profile.birthday' } },
        { send: 'email', template: 'renewal' },
      ],
    });

    // Act
    const fields = fieldsOf(parsed);

    // Assess
    expect(fields).toEqual(['detail.renewalDate']);
  });

  it('lists the entry key', () => {
    // Prepare
    const parsed = scenario({ entry: { key: 'detail.cartId', reentry: 'never' } });

    // Act
    const fields = fieldsOf(parsed);

    // Assess
    expect(fields).toEqual(['detail.cartId']);
  });

  it('finds fields in nested paths, once each, sorted', () => {
    // Prepare
    const parsed = scenario({
      entry: { key: 'detail.cartId' },
      steps: [
        {
          split: [
            {
              variant: 'a',
              weight: 50,
              steps: [
                {
                  branch: [{ when: { event: 'detail.cartId', exists: true }, steps: [{ exit: 'a' }] }],
                  otherwise: [{ wait: { until: 'event.detail.expiresAt' } }],
                },
              ],
            },
            {
              variant: 'b',
              weight: 50,
              steps: [
                {
                  'wait-for': {
                    event: { 'detail-type': ['app.opened'] },
                    timeout: '2d',
                    'on-timeout': [
                      { branch: [{ when: { event: 'detail.amount', lt: 10 }, steps: [{ exit: 'small' }] }] },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });

    // Act
    const fields = fieldsOf(parsed);

    // Assess
    expect(fields).toEqual(['detail.amount', 'detail.cartId', 'detail.expiresAt']);
  });

  it('is empty when no state reads the event', () => {
    // Prepare
    const parsed = scenario({
      steps: [
        { wait: '1d' },
        {
          branch: [{ when: { profile: 'plan', equals: 'pro' }, steps: [{ send: 'email', template: 'pro' }] }],
        },
      ],
    });

    // Act
    const fields = fieldsOf(parsed);

    // Assess
    expect(fields).toEqual([]);
  });
});
