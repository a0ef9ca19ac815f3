import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { SimulatedEvent } from '../../../local/simulate/input/simulated-event.ts';
import { SimulatedProfile } from '../../../local/simulate/input/simulated-profile.ts';

describe("a simulation's profiles file", () => {
  it('refuses contact data ingest would refuse, naming each field', () => {
    // Act
    const result = z.safeParse(SimulatedProfile, {
      profileId: 's1',
      email: 'not an email',
      phone: '0612345678',
      timeZone: 'Mars/X',
      locale: 'not a locale!',
    });

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(({ path }) => path.join('.')).sort()).toEqual([
      'email',
      'locale',
      'phone',
      'timeZone',
    ]);
  });

  it('stores contact data as ingest stores it: phone numbers as E.164, locales canonical', () => {
    // Act
    const profile = SimulatedProfile.parse({
      profileId: 's2',
      email: 's2@example.com',
      phone: '+33 6 12 34 56 78',
      timeZone: 'Europe/Paris',
      locale: 'fr-fr',
    });

    // Assess
    expect(profile).toMatchObject({ phone: '+33612345678', locale: 'fr-FR', consents: { topics: {} } });
  });
});

describe("a simulation's profiles file, as the store takes it", () => {
  it('refuses a value the store would refuse, naming the field', () => {
    // Act: a number past 2^53, which JSON.parse has already rounded
    const result = z.safeParse(
      SimulatedProfile,
      JSON.parse('{"profileId":"s3","attributes":{"loyaltyId":12345678901234567890}}'),
    );

    // Assess
    expect(result.error?.issues.map(({ message }) => message)).toEqual([
      'attributes.loyaltyId: 12345678901234567000 is beyond ±2^53 and was rounded when read; send it as a string',
    ]);
  });
});

describe("a simulation's profiles file, against what the platform refuses", () => {
  it('refuses a __proto__ key, which the parsed copy would have left out, and an id no event can name', () => {
    // Act
    const withProto = z.safeParse(
      SimulatedProfile,
      JSON.parse('{"profileId":"s4","attributes":{"__proto__":{"isAdmin":true}}}'),
    );
    const longId = z.safeParse(SimulatedProfile, { profileId: 'x'.repeat(201) });

    // Assess
    expect(withProto.error?.issues.map(({ message }) => message)).toEqual([
      'attributes.__proto__: this key is not accepted',
    ]);
    expect(longId.error?.issues.map(({ path }) => path.join('.'))).toEqual(['profileId']);
  });
});

describe("a simulation's events file", () => {
  it('refuses an event nested deeper than EventBridge processes, naming the detail', () => {
    // Prepare
    let deep: unknown = 1;
    for (let level = 0; level < 2_000; level += 1) deep = { a: deep };
    const event = { id: 'e-1', source: 'shop', 'detail-type': 'cart.updated', time: '2026-11-21T10:00:00Z' };

    // Act
    const refused = z.safeParse(SimulatedEvent, { ...event, detail: { profileId: 'p-1', deep } });
    const taken = z.safeParse(SimulatedEvent, { ...event, detail: { profileId: 'p-1', deep: { a: 1 } } });

    // Assess
    expect(refused.error?.issues.map(({ path, message }) => `${path.join('.')}: ${message}`)).toEqual([
      'detail: Detail is malformed: nested deeper than 1100 levels, more than EventBridge processes.',
    ]);
    expect(taken.success).toBe(true);
  });
});
