import { describe, expect, it } from 'vitest';
import { Trace } from '../../../local/dev/trace.ts';
import { maskTrace } from '../../../local/dev/trace-mask.ts';

const TOKEN = 'f3a9c1d2e4b5a6978877665544332211aabbccdd';

function traceWithAddresses(): Trace {
  return Trace.parse({
    profileId: 'p-1',
    at: '2026-11-16T08:00:00.000Z',
    profile: {
      profileId: 'p-1',
      email: 'jane.doe@example.com',
      phone: '+33612345678',
      pushTokens: [{ token: TOKEN, platform: 'apns' }],
      attributes: { note: 'reach me at jd@mail.example.org' },
    },
    journeys: [],
    executions: [],
    ledger: [],
    events: [
      {
        version: '0',
        id: 'e-1',
        source: 'app',
        'detail-type': 'profile.updated',
        account: '000000000000',
        time: '2026-11-16T07:00:00Z',
        region: 'us-east-1',
        resources: [],
        detail: { profileId: 'p-1', email: 'jane.doe@example.com', pushToken: TOKEN },
      },
    ],
    messages: [
      {
        at: '2026-11-16T08:00:00.000Z',
        channel: 'push',
        to: TOKEN,
        body: 'Hi',
        profileId: 'p-1',
        messageId: 'm-1',
      },
      {
        at: '2026-11-16T08:00:00.000Z',
        channel: 'sms',
        to: '+33612345678',
        body: 'Hi',
        profileId: 'p-1',
        messageId: 'm-2',
      },
    ],
    sendStates: {},
    entries: [],
  });
}

describe('maskTrace', () => {
  it('masks emails, phone numbers and push tokens wherever they appear', () => {
    // Prepare
    const trace = traceWithAddresses();

    // Act
    const masked = maskTrace(trace);

    // Assess
    const text = JSON.stringify(masked);
    expect(text).not.toContain('jane.doe@example.com');
    expect(text).not.toContain('jd@mail.example.org');
    expect(text).not.toContain('+33612345678');
    expect(text).not.toContain(TOKEN);
    expect(masked.profile).toMatchObject({
      email: 'j***@e***.com',
      phone: '+33***78',
      pushTokens: [{ token: `***${TOKEN.slice(-4)}`, platform: 'apns' }],
    });
    expect(masked.messages.map((message) => message.to)).toEqual([`***${TOKEN.slice(-4)}`, '+33***78']);
    expect(masked.events[0]?.detail).toMatchObject({ pushToken: `***${TOKEN.slice(-4)}` });
  });

  it('keeps what is not an address: ids, times, message ids', () => {
    // Prepare
    const trace = traceWithAddresses();

    // Act
    const masked = maskTrace(trace);

    // Assess
    expect([masked.profileId, masked.at, masked.events[0]?.time, masked.messages[1]?.messageId]).toEqual([
      'p-1',
      '2026-11-16T08:00:00.000Z',
      '2026-11-16T07:00:00Z',
      'm-2',
    ]);
  });

  it("masks contact data an app keeps in its own fields, and the customer's number written without its +", () => {
    // Prepare: a trait and an event field that no pattern tells from an id
    const trace = traceWithAddresses();
    const withTraits = Trace.parse({
      ...trace,
      profile: {
        ...trace.profile,
        attributes: {
          mobile: '06 12 34 56 78',
          workEmail: 'jd at corp',
          plan: 'gold',
          msisdn: 33612345679,
          phones: [{ number: '07 11 22 33 44' }],
          contact: { cell: '0711223355', note: 'Jane, 06 99 88 77 66, jane@work.example.com' },
        },
        consents: { email: 'opted-in', topics: {} },
      },
      events: [
        {
          ...trace.events[0],
          detail: { profileId: 'p-1', phoneNumber: '0612345678', note: 'callback on 33612345678 please' },
        },
      ],
    });

    // Act
    const masked = maskTrace(withTraits);

    // Assess
    const text = JSON.stringify(masked);
    expect(text).not.toContain('06 12 34 56 78');
    expect(text).not.toContain('0612345678');
    expect(text).not.toContain('33612345678');
    expect(text).not.toContain('jd at corp');
    for (const number of ['33612345679', '07 11 22 33 44', '0711223355', '06 99 88 77 66', 'Jane,'])
      expect(text).not.toContain(number);
    expect(masked.profile?.attributes).toMatchObject({ mobile: '***6 78', plan: 'gold' });
    expect(masked.profile?.consents).toMatchObject({ email: 'opted-in' });
    expect(masked.events[0]?.detail).toMatchObject({ profileId: 'p-1', phoneNumber: '***5678' });
  });
});
