import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
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
