import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../shared/events/envelope.ts';
import { projectEvent } from '../../../shared/journeys/project-event.ts';

const CART: EventEnvelope = {
  id: 'e1',
  source: 'shop',
  'detail-type': 'cart.updated',
  time: '2026-11-23T09:00:00Z',
  account: '123456789012',
  detail: {
    profileId: 'customer-42',
    cartId: 'c1',
    total: 89.9,
    email: 'jane@example.com',
    shipping: { country: 'FR', address: { city: 'Paris', street: '1 rue de Rivoli' } },
    items: [{ productId: 'a', price: 10 }],
  },
};

describe('projectEvent', () => {
  it('keeps the envelope and only the listed detail fields', () => {
    // Prepare
    const fields = ['detail.cartId', 'detail.total'];

    // Act
    const projected = projectEvent(CART, fields);

    // Assess
    expect(projected).toEqual({
      id: 'e1',
      source: 'shop',
      'detail-type': 'cart.updated',
      time: '2026-11-23T09:00:00Z',
      detail: { cartId: 'c1', total: 89.9 },
    });
  });

  it('keeps nested fields nested, and siblings under one parent', () => {
    // Prepare
    const fields = ['detail.shipping.country', 'detail.shipping.address.city'];

    // Act
    const projected = projectEvent(CART, fields);

    // Assess
    expect(projected.detail).toEqual({ shipping: { country: 'FR', address: { city: 'Paris' } } });
  });

  it('keeps a listed list or object whole', () => {
    // Prepare
    const fields = ['detail.items'];

    // Act
    const projected = projectEvent(CART, fields);

    // Assess
    expect(projected.detail).toEqual({ items: [{ productId: 'a', price: 10 }] });
  });

  it('leaves out missing fields instead of writing them as undefined', () => {
    // Prepare
    const fields = ['detail.coupon', 'detail.shipping.zip', 'detail.cartId.id'];

    // Act
    const projected = projectEvent(CART, fields);

    // Assess
    expect(projected.detail).toEqual({});
    expect(Object.keys(projected.detail)).toEqual([]);
  });

  it('ignores fields outside detail, and copies no other top-level field', () => {
    // Prepare
    const fields = ['account', 'detail'];

    // Act
    const projected = projectEvent(CART, fields);

    // Assess
    expect(projected.detail).toEqual({});
    expect(Object.keys(projected).sort()).toEqual(['detail', 'detail-type', 'id', 'source', 'time']);
  });

  it('with no fields keeps no personal detail', () => {
    // Prepare
    const fields: string[] = [];

    // Act
    const projected = projectEvent(CART, fields);

    // Assess
    expect(JSON.stringify(projected)).not.toContain('jane@example.com');
    expect(projected.detail).toEqual({});
  });
});
