import { describe, expect, it } from 'vitest';
import { maskAttributes, maskPersonalData } from '../../../shared/observability/logger.ts';

describe('maskPersonalData', () => {
  it('masks an email address inside a provider error', () => {
    // Prepare
    const message = 'MessageRejected: Email address is not verified: jane.doe@example.com (request abc)';

    // Act
    const masked = maskPersonalData(message);

    // Assess
    expect(masked).toBe('MessageRejected: Email address is not verified: j***@e***.com (request abc)');
    expect(masked).not.toContain('jane.doe');
    expect(masked).not.toContain('example');
  });

  it('masks every address of a text, including sub-domains and plus tags', () => {
    // Prepare
    const message = 'to=jane+promo@mail.example.co.uk,cc=bob_s@corp.example.org';

    // Act
    const masked = maskPersonalData(message);

    // Assess
    expect(masked).not.toMatch(/jane|promo|bob_s|mail\.example|corp\.example/);
    expect(masked.match(/\*\*\*@/g)).toHaveLength(2);
  });

  it.each([
    ['an international number', 'destination +33612345678 is opted out', 'destination +33***78 is opted out'],
    ['a spaced number', 'invalid number +33 6 12 34 56 78 given', 'invalid number +33***78 given'],
    ['a national number with punctuation', 'call (415) 555-0100 failed', 'call (415***00 failed'],
    ['a 7-digit international number (Niue)', 'sms to +6834123 failed', 'sms to +68***23 failed'],
    [
      'a percent-encoded address in a link',
      'clicked https://shop.example/cart?email=jane.doe%40example.com&utm=x',
      'clicked https://shop.example/cart?email=j***@e***.com&utm=x',
    ],
  ])('masks %s inside a longer text', (_label, message, expected) => {
    // Prepare
    const text = message;

    // Act
    const masked = maskPersonalData(text);

    // Assess
    expect(masked).toBe(expected);
  });

  it.each([
    ['a profile id', 'customer-42'],
    ['an execution name', 'customer-42_abandoned-cart_3fa9c2e1b07d'],
    ['a UUID without a long run of digits', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'],
    ['a step id', 'cart-email'],
    ['a short number', 'order 12345 total 89.90'],
    ['a signed amount', 'revenue +12.50 EUR'],
    ['a signed amount of hundreds', 'uplift +150.00 EUR'],
    ['six digits after a plus', 'code +123456'],
  ])('leaves %s alone', (_label, text) => {
    // Prepare
    const message = `step failed for ${text}`;

    // Act
    const masked = maskPersonalData(message);

    // Assess
    expect(masked).toBe(message);
  });
});

describe('maskAttributes', () => {
  it('masks every string of an attribute, recursively, and keeps other values', () => {
    // Prepare
    const attributes = {
      error: 'bounce for jane@example.com',
      nested: { list: ['ok', 'sms to +33612345678'], count: 3, flag: true, none: null },
    };

    // Act
    const masked = maskAttributes(attributes);

    // Assess
    expect(masked).toEqual({
      error: 'bounce for j***@e***.com',
      nested: { list: ['ok', 'sms to +33***78'], count: 3, flag: true, none: null },
    });
  });
});
