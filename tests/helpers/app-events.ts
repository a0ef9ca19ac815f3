import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** What an app puts on the bus through the official client. */
export const entry = (
  source: string,
  detailType: string,
  detail: Record<string, unknown>,
): PutEventsRequestEntry => ({
  Source: source,
  DetailType: detailType,
  Detail: JSON.stringify(detail),
});

/** A customer in Paris, with an email and optionally a phone number. */
export const customer = (profileId: string, email: string, phone?: string) =>
  entry('app', 'profile.updated', {
    profileId,
    email,
    ...(phone === undefined ? {} : { phone }),
    timeZone: 'Europe/Paris',
    traits: { firstName: profileId },
  });

export const consent = (profileId: string, channel: string, status: string) =>
  entry('app', 'subscription.changed', { profileId, channel, status });

/** A cart of trail shoes and socks: it starts abandoned-cart. */
export const cart = (profileId: string, cartId: string) =>
  entry('shop', 'cart.updated', {
    profileId,
    cartId,
    itemCount: 2,
    items: [
      { productId: 'p-1', name: 'Trail shoes', quantity: 1, price: 89.9 },
      { productId: 'p-2', name: 'Running socks', quantity: 2, price: 12.5 },
    ],
  });

/** Polls until `probe` returns a value, for at most `waitMs`, ten times a second: each probe is work for the server. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  waitMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`waited ${waitMs} ms for ${what}`);
}
