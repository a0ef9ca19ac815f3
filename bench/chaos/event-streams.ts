import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

function entry(source: string, detailType: string, detail: object, time?: Date): PutEventsRequestEntry {
  return {
    Source: source,
    DetailType: detailType,
    Detail: JSON.stringify(detail),
    ...(time === undefined ? {} : { Time: time }),
  };
}

const PRODUCTS = ['trail-shoes', 'running-socks', 'rain-jacket', 'headlamp', 'water-bottle', 'product-a'];

function items(random: Random) {
  const count = 1 + Math.floor(random() * 3);
  return Array.from({ length: count }, () => ({
    productId: pick(random, PRODUCTS),
    name: 'Outdoor gear',
    quantity: 1 + Math.floor(random() * 2),
    price: Math.round(random() * 10_000) / 100,
  }));
}

function customerProfile(profileId: string, index: number): PutEventsRequestEntry {
  return entry('app', 'profile.updated', {
    profileId,
    email: `${profileId}@example.com`,
    // French mobile numbers, valid E.164: +33 6 followed by eight digits.
    phone: `+336${String(10_000_000 + index).slice(-8)}`,
    timeZone: 'Europe/Paris',
    traits: { firstName: profileId, role: index % 2 === 0 ? 'marketer' : 'developer' },
  });
}

const consent = (profileId: string, channel: string, status: string, time?: Date) =>
  entry('app', 'subscription.changed', { profileId, channel, status }, time);

/**
 * One customer's events in the order the app produces them: profile, then consent (an email
 * opt-out, when there is one, comes before anything that can start a journey, so that any email
 * to that customer afterwards is one too many), account creation, then a mix of carts, orders,
 * profile updates, sessions and SMS opt-ins.
 */
function customerEvents(profileId: string, index: number, count: number, random: Random) {
  const events: PutEventsRequestEntry[] = [customerProfile(profileId, index)];
  if (random() < 0.25) events.push(consent(profileId, 'email', 'opted-out'));
  if (random() < 0.4) events.push(consent(profileId, 'sms', 'opted-in'));
  events.push(entry('app', 'account.created', { profileId, plan: 'trial' }));
  const carts = [`${profileId}-cart-1`, `${profileId}-cart-2`];
  let orders = 0;
  while (events.length < count) {
    const roll = random();
    if (roll < 0.5) {
      const cartItems = items(random);
      events.push(
        entry('shop', 'cart.updated', {
          profileId,
          cartId: pick(random, carts),
          itemCount: cartItems.length,
          items: cartItems,
        }),
      );
    } else if (roll < 0.65) {
      events.push(
        entry('app', 'profile.updated', { profileId, traits: { visits: Math.floor(random() * 100) } }),
      );
    } else if (roll < 0.75) {
      orders += 1;
      events.push(
        entry('shop', 'order.placed', {
          profileId,
          orderId: `${profileId}-order-${orders}`,
          total: Math.round(random() * 50_000) / 100,
          items: items(random),
        }),
      );
    } else if (roll < 0.9) {
      events.push(entry('shop', 'session.started', { profileId }));
    } else {
      events.push(consent(profileId, 'sms', 'opted-in'));
    }
  }
  return events;
}

/**
 * Interleaves customers at random inside each lane while keeping each customer's own order: the
 * stream an app with `lanes` workers sends, one customer per worker.
 */
function interleave(perCustomer: PutEventsRequestEntry[][], lanes: number, random: Random) {
  return Array.from({ length: lanes }, (_, lane) => {
    const queues = perCustomer.filter((_, index) => index % lanes === lane).map((events) => [...events]);
    const out: PutEventsRequestEntry[] = [];
    for (;;) {
      const open = queues.filter((queue) => queue.length > 0);
      if (open.length === 0) return out;
      const next = pick(random, open).shift();
      if (next !== undefined) out.push(next);
    }
  });
}

export type StreamOptions = {
  readonly prefix: string;
  readonly customers: number;
  readonly minEvents: number;
  readonly lanes: number;
};

/** At least `minEvents` events of `customers` customers, split into lanes. */
export function customerStream(options: StreamOptions, random: Random): PutEventsRequestEntry[][] {
  const perCustomer = Math.ceil(options.minEvents / options.customers);
  const events = Array.from({ length: options.customers }, (_, index) =>
    customerEvents(`${options.prefix}-${index + 1}`, index, perCustomer, random),
  );
  return interleave(events, options.lanes, random);
}

export type ConsentFlood = {
  /** Each customer's profile, with an email address. */
  readonly profiles: PutEventsRequestEntry[];
  /** Every customer's consent changes, each with its own event time, shuffled. */
  readonly changes: PutEventsRequestEntry[];
  /** One cart per customer, sent once the consent changes are handled. */
  readonly carts: PutEventsRequestEntry[];
};

/**
 * For each customer, opt-ins and opt-outs of email with random event times over the last 30 days,
 * delivered in a shuffled order (an old opt-in often arrives after a newer opt-out), then a cart
 * that starts the abandoned-cart journey: only customers whose latest change is an opt-in may
 * get its email.
 */
export function consentFlood(prefix: string, customers: number, now: Date, random: Random): ConsentFlood {
  const profiles: PutEventsRequestEntry[] = [];
  const changes: PutEventsRequestEntry[] = [];
  const carts: PutEventsRequestEntry[] = [];
  for (let index = 0; index < customers; index += 1) {
    const profileId = `${prefix}-${index + 1}`;
    profiles.push(customerProfile(profileId, index));
    const count = 3 + Math.floor(random() * 6);
    for (let change = 0; change < count; change += 1) {
      const time = new Date(now.getTime() - Math.floor(random() * 30 * 86_400) * 1000 - 60_000);
      changes.push(consent(profileId, 'email', random() < 0.5 ? 'opted-in' : 'opted-out', time));
    }
    const cartItems = items(random);
    carts.push(
      entry('shop', 'cart.updated', {
        profileId,
        cartId: `${profileId}-cart`,
        itemCount: cartItems.length,
        items: cartItems,
      }),
    );
  }
  shuffle(changes, random);
  return { profiles, changes, carts };
}

/** Splits a list into `lanes` lanes, round robin: for events whose relative order does not matter. */
export function spread<T>(items: readonly T[], lanes: number): T[][] {
  return Array.from({ length: lanes }, (_, lane) => items.filter((_, index) => index % lanes === lane));
}

function shuffle<T>(items: T[], random: Random): void {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    const held = items[index];
    const swapped = items[other];
    if (held === undefined || swapped === undefined) continue;
    items[index] = swapped;
    items[other] = held;
  }
}
