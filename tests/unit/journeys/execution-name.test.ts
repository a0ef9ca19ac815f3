import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executionName } from '../../../shared/journeys/execution-name.ts';

const SAFE_NAME = /^[A-Za-z0-9_.-]+$/;
const MAX_NAME = 80;

/** The characters a name may hold, written independently of the module under test. */
const sanitised = (text: string): string => text.replace(/[^A-Za-z0-9_.-]/g, '-');

const anyText = fc.string({ minLength: 1, maxLength: 250, unit: 'grapheme' });
const scenarioId = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,47}$/);

describe('executionName', () => {
  it('starts with the profile id, then the scenario, then a digest', () => {
    // Prepare
    const parts = ['customer-42', 'abandoned-cart', 'c1', 'event-1'] as const;

    // Act
    const name = executionName(...parts);

    // Assess
    expect(name).toMatch(/^customer-42_abandoned-cart_[0-9a-f]{12}$/);
  });

  it('sanitises a profile id that holds characters Step Functions refuses', () => {
    // Prepare
    const profileId = 'jane doe@example/42';

    // Act
    const name = executionName(profileId, 'win-back', 'k', 'e1');

    // Assess
    expect(name.startsWith('jane-doe-example-42_win-back_')).toBe(true);
  });

  it('is at most 80 safe characters, whatever the inputs', () => {
    fc.assert(
      fc.property(anyText, scenarioId, anyText, anyText, (profileId, scenario, key, eventId) => {
        // Act
        const name = executionName(profileId, scenario, key, eventId);

        // Assess
        expect(name.length).toBeLessThanOrEqual(MAX_NAME);
        expect(name).toMatch(SAFE_NAME);
      }),
      { numRuns: 300 },
    );
  });

  it('starts with the sanitised profile id, cut only when long', () => {
    fc.assert(
      fc.property(anyText, scenarioId, anyText, anyText, (profileId, scenario, key, eventId) => {
        // Act
        const name = executionName(profileId, scenario, key, eventId);

        // Assess: the scenario takes at most 24 characters and the digest 12, leaving 42 or more.
        const expectedStart = sanitised(profileId).slice(0, 42);
        expect(name.startsWith(expectedStart)).toBe(true);
        if (sanitised(profileId).length <= 42) expect(name.startsWith(`${sanitised(profileId)}_`)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(anyText, scenarioId, anyText, anyText, (profileId, scenario, key, eventId) => {
        // Act
        const first = executionName(profileId, scenario, key, eventId);
        const second = executionName(profileId, scenario, key, eventId);

        // Assess
        expect(second).toBe(first);
      }),
      { numRuns: 100 },
    );
  });

  it('differs when the event differs', () => {
    fc.assert(
      fc.property(
        anyText,
        scenarioId,
        anyText,
        anyText,
        anyText,
        (profileId, scenario, key, eventA, eventB) => {
          // Prepare
          fc.pre(eventA !== eventB);

          // Act
          const names = [
            executionName(profileId, scenario, key, eventA),
            executionName(profileId, scenario, key, eventB),
          ];

          // Assess
          expect(names[0]).not.toBe(names[1]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('differs for two event ids that would sanitise alike', () => {
    // Prepare
    const eventIds = ['order 1', 'order/1'] as const;

    // Act
    const names = eventIds.map((eventId) => executionName('customer-42', 'abandoned-cart', 'c1', eventId));

    // Assess
    expect(names[0]).not.toBe(names[1]);
  });

  it('differs when the scenario or the journey key differs', () => {
    // Prepare
    const base = executionName('customer-42', 'abandoned-cart', 'c1', 'e1');

    // Act
    const others = [
      executionName('customer-42', 'abandoned-cart', 'c2', 'e1'),
      executionName('customer-42', 'win-back', 'c1', 'e1'),
    ];

    // Assess
    expect(others).not.toContain(base);
    expect(new Set(others).size).toBe(2);
  });

  it('differs for two customers whose ids the name shows alike, for the same event id', () => {
    fc.assert(
      fc.property(anyText, anyText, scenarioId, anyText, anyText, (idA, idB, scenario, key, eventId) => {
        // Prepare: two ids the name cannot tell apart by what it shows of them
        fc.pre(idA !== idB);

        // Act
        const names = [
          executionName(idA, scenario, key, eventId),
          executionName(idB, scenario, key, eventId),
        ];

        // Assess
        expect(names[0]).not.toBe(names[1]);
      }),
      { numRuns: 300 },
    );
    const long = 'customer-'.padEnd(60, '0');
    const pairs = [
      ['jane doe', 'jane-doe'],
      ['jane doe', 'jane@doe'],
      [`${long}1`, `${long}2`],
    ] as const;
    for (const [a, b] of pairs) {
      expect(executionName(a, 'abandoned-cart', 'profile', 'e-1')).not.toBe(
        executionName(b, 'abandoned-cart', 'profile', 'e-1'),
      );
    }
  });

  it('keeps the name it always gave a customer whose whole id it shows', () => {
    // Act
    const name = executionName('customer-42', 'abandoned-cart', 'c1', 'event-1');

    // Assess: the digest of the scenario, key and event only, as before the id was digested too
    expect(name).toBe('customer-42_abandoned-cart_111a8f039430');
  });
});
