import { describe, expect, it } from 'vitest';
import { limitValue, projectValue } from '../../../shared/aggregates/limit-value.ts';
import { valueSizeBytes } from '../../../shared/store/item-size.ts';

describe('projectValue', () => {
  it('keeps the listed fields, nested as in the value, through lists', () => {
    // Prepare
    const cart = {
      cartId: 'c1',
      note: 'ring twice',
      items: [
        { productId: 'a', price: 10, options: { colour: 'red', engraving: 'long text' } },
        { productId: 'b', price: 5 },
      ],
    };

    // Act
    const projected = projectValue(cart, ['cartId', 'items.productId', 'items.options.colour']);

    // Assess
    expect(projected).toEqual({
      cartId: 'c1',
      items: [{ productId: 'a', options: { colour: 'red' } }, { productId: 'b' }],
    });
  });

  it('of a value holding none of the fields is nothing', () => {
    // Prepare
    const value = { other: 1 };

    // Act
    const projected = projectValue(value, ['cartId']);

    // Assess
    expect(projected).toBeUndefined();
  });

  it('does not read inherited properties', () => {
    // Prepare
    const value = JSON.parse('{"cartId":"c1"}') as unknown;

    // Act
    const projected = projectValue(value, ['cartId', 'constructor', 'toString']);

    // Assess
    expect(projected).toEqual({ cartId: 'c1' });
  });
});

describe('limitValue', () => {
  it('leaves a value that fits untouched', () => {
    // Prepare
    const value = { cartId: 'c1', items: [{ productId: 'a' }] };

    // Act
    const limited = limitValue(value, 1024);

    // Assess
    expect(limited).toEqual({ value, cuts: [] });
  });

  it('cuts the tail of the largest list first, keeping its first elements', () => {
    // Prepare
    const items = Array.from({ length: 500 }, (_, index) => ({ productId: `product-${index}`, quantity: 1 }));
    const value = { cartId: 'c1', tags: ['gift', 'express'], items };

    // Act
    const limited = limitValue(value, 4096);

    // Assess
    const kept = limited.value as typeof value;
    expect(valueSizeBytes(kept)).toBeLessThanOrEqual(4096);
    expect(kept.cartId).toBe('c1');
    expect(kept.tags).toEqual(['gift', 'express']);
    expect(kept.items).toEqual(items.slice(0, kept.items.length));
    expect(limited.cuts).toEqual([`items: kept ${kept.items.length} of 500 elements`]);
  });

  it('drops the largest field when no list is left to cut', () => {
    // Prepare
    const value = { cartId: 'c1', note: 'n'.repeat(10_000), total: 12 };

    // Act
    const limited = limitValue(value, 1024);

    // Assess
    expect(limited.value).toEqual({ cartId: 'c1', total: 12 });
    expect(limited.cuts).toEqual(['note: dropped']);
  });

  it('shortens a text that is too long on its own, on a character boundary', () => {
    // Prepare
    const value = 'é'.repeat(1000);

    // Act
    const limited = limitValue(value, 101);

    // Assess
    expect(limited.value).toBe('é'.repeat(50));
    expect(limited.cuts).toEqual(['the text: cut from 2000 to 100 bytes']);
  });

  it('does not change the value it was given', () => {
    // Prepare
    const value = { items: Array.from({ length: 100 }, (_, index) => ({ index })) };
    const snapshot = structuredClone(value);

    // Act
    limitValue(value, 256);

    // Assess
    expect(value).toEqual(snapshot);
  });
});
