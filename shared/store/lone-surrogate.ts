/**
 * A UTF-16 surrogate without its pair. Stored, DynamoDB writes it as U+FFFD, so two texts that
 * differ only there become one: a customer `victim\uD800` wrote over `victim\uDC00`'s profile,
 * and two orders were one, the second taken for a redelivery.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every lone surrogate of a text, to replace. */
export const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Any surrogate: almost no text has one, and this test is the cheaper (keys are built often). */
const SURROGATE = /[\uD800-\uDFFF]/;

export function hasLoneSurrogate(text: string): boolean {
  return SURROGATE.test(text) && LONE_SURROGATE.test(text);
}
