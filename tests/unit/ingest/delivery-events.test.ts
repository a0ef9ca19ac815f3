import { describe, expect, it } from 'vitest';
import { fromProviderEvent, isProviderEvent } from '../../../shared/ingest/delivery-events.ts';
import {
  JOURNEY_TAGS,
  sesBounce,
  sesClick,
  sesComplaint,
  sesDelivery,
  sesOpen,
  sesSend,
  smsEvent,
} from '../../helpers/provider-events.ts';

const ADDRESS = 'jane.doe@example.com';
const PHONE = '+14255550156';

describe('fromProviderEvent', () => {
  it('suppresses the address of a permanent bounce and emits email.bounced without it', () => {
    // Prepare
    const bounce = sesBounce('Permanent');

    // Act
    const mapping = fromProviderEvent(bounce);

    // Assess
    expect(mapping).toEqual({
      suppressions: [
        { channel: 'email', address: ADDRESS, reason: 'bounce', at: '2025-01-15T10:31:02.669Z' },
      ],
      events: [
        {
          id: `ses-${bounce.id}`,
          source: 'parcours.email',
          'detail-type': 'email.bounced',
          time: '2025-01-15T10:31:02.669Z',
          detail: {
            profileId: 'profile-42',
            scenario: 'abandoned-cart',
            step: 'cart-email',
            variant: 'A',
            messageId: '0100018d-example-message-id',
            bounceType: 'Permanent',
          },
        },
      ],
    });
  });

  it('does not suppress on a transient bounce', () => {
    // Prepare
    const bounce = sesBounce('Transient');

    // Act
    const mapping = fromProviderEvent(bounce);

    // Assess
    expect(mapping).toMatchObject({
      suppressions: [],
      events: [{ 'detail-type': 'email.bounced', detail: { bounceType: 'Transient' } }],
    });
  });

  it('suppresses a complaint', () => {
    // Act
    const mapping = fromProviderEvent(sesComplaint());

    // Assess
    expect(mapping).toMatchObject({
      suppressions: [{ channel: 'email', address: ADDRESS, reason: 'complaint' }],
      events: [{ 'detail-type': 'email.complained' }],
    });
  });

  it('suppresses a permanent bounce of a message no journey sent, with no event', () => {
    // Prepare
    const bounce = sesBounce('Permanent', { 'ses:configuration-set': ['parcours'] });

    // Act
    const mapping = fromProviderEvent(bounce);

    // Assess
    expect(mapping).toEqual({ suppressions: [expect.objectContaining({ address: ADDRESS })], events: [] });
  });

  it('turns an open into email.opened with the scenario, step and variant ids', () => {
    // Prepare
    const open = sesOpen();

    // Act
    const mapping = fromProviderEvent(open);

    // Assess
    expect(mapping).toEqual({
      suppressions: [],
      events: [
        {
          id: `ses-${open.id}`,
          source: 'parcours.email',
          'detail-type': 'email.opened',
          time: '2025-01-15T11:00:00.000Z',
          detail: {
            profileId: 'profile-42',
            scenario: 'abandoned-cart',
            step: 'cart-email',
            variant: 'A',
            messageId: '0100018d-example-message-id',
          },
        },
      ],
    });
  });

  it('turns a click into email.clicked with the link stripped of its query and fragment', () => {
    // Prepare
    const click = sesClick(
      `https://shop.example/cart/42?email=${encodeURIComponent(ADDRESS)}&utm_source=parcours#top`,
    );

    // Act
    const mapping = fromProviderEvent(click);

    // Assess
    expect(mapping).toMatchObject({
      events: [{ 'detail-type': 'email.clicked', detail: { link: 'https://shop.example/cart/42' } }],
    });
  });

  it('turns a delivery into email.delivered', () => {
    // Act
    const mapping = fromProviderEvent(sesDelivery());

    // Assess
    expect(mapping).toMatchObject({
      events: [{ 'detail-type': 'email.delivered', time: '2025-01-15T10:30:05.000Z' }],
    });
  });

  it('never puts an address or phone number in the events it produces', () => {
    // Prepare
    const raws = [
      sesBounce('Permanent'),
      sesComplaint(),
      sesOpen(),
      sesClick(`https://shop.example/p?to=${ADDRESS}`),
      sesDelivery(),
      smsEvent('TEXT_DELIVERED'),
      smsEvent('TEXT_BLOCKED'),
    ];

    // Act
    const events = raws.flatMap((raw) => {
      const mapping = fromProviderEvent(raw);
      return 'events' in mapping ? mapping.events : [];
    });

    // Assess
    expect(events).toHaveLength(raws.length);
    const text = JSON.stringify(events);
    expect(text).not.toContain(ADDRESS);
    expect(text).not.toContain('example.com');
    expect(text).not.toContain(PHONE);
  });

  it('ignores SES events Parcours does not use, and ones without journey tags that suppress nothing', () => {
    // Act
    const sent = fromProviderEvent(sesSend());
    const untaggedOpen = fromProviderEvent(sesOpen({ 'ses:configuration-set': ['parcours'] }));

    // Assess
    expect(sent).toEqual({ ignored: expect.stringContaining('Email Sent') });
    expect(untaggedOpen).toEqual({ ignored: expect.stringContaining('mail.tags') });
  });

  it('names the missing field of a malformed SES event', () => {
    // Prepare
    const open = sesOpen();
    const malformed = { ...open, detail: { ...open.detail, mail: { tags: JOURNEY_TAGS } } };

    // Act
    const mapping = fromProviderEvent(malformed);

    // Assess
    expect(mapping).toEqual({ ignored: expect.stringContaining('detail.mail.messageId') });
  });

  it('ignores, without throwing, an event whose profile id tag the envelope refuses', () => {
    // Prepare
    const open = sesOpen({ ...JOURNEY_TAGS, profileId: ['p'.repeat(256)] });

    // Act
    const mapping = fromProviderEvent(open);

    // Assess
    expect(mapping).toEqual({ ignored: expect.stringContaining('detail.profileId') });
  });

  it('turns TEXT_DELIVERED and TEXT_SUCCESSFUL of one message into the same sms.delivered event id', () => {
    // Act
    const delivered = fromProviderEvent(smsEvent('TEXT_DELIVERED'));
    const successful = fromProviderEvent(smsEvent('TEXT_SUCCESSFUL'));

    // Assess
    const expected = {
      suppressions: [],
      events: [
        {
          id: 'sms-9539975a-e71f-45f3-b496-8d98dc098a77-delivered',
          source: 'parcours.sms',
          'detail-type': 'sms.delivered',
          time: '2024-10-16T17:21:39.998Z',
          detail: {
            profileId: 'profile-42',
            scenario: 'abandoned-cart',
            step: 'cart-sms',
            messageId: '9539975a-e71f-45f3-b496-8d98dc098a77',
          },
        },
      ],
    };
    expect(delivered).toEqual(expected);
    expect(successful).toEqual(expected);
  });

  it('turns a final SMS failure into sms.failed with its status, and ignores steps on the way', () => {
    // Act
    const blocked = fromProviderEvent(smsEvent('TEXT_BLOCKED'));
    const retrying = fromProviderEvent(smsEvent('TEXT_CARRIER_UNREACHABLE', { isFinal: false }));
    const queued = fromProviderEvent(smsEvent('TEXT_QUEUED'));

    // Assess
    expect(blocked).toMatchObject({
      events: [{ 'detail-type': 'sms.failed', detail: { status: 'TEXT_BLOCKED', step: 'cart-sms' } }],
    });
    expect(retrying).toEqual({ ignored: expect.stringContaining('TEXT_CARRIER_UNREACHABLE') });
    expect(queued).toEqual({ ignored: expect.stringContaining('TEXT_QUEUED') });
  });

  it('ignores an SMS event whose message no journey sent', () => {
    // Act
    const mapping = fromProviderEvent(smsEvent('TEXT_DELIVERED', { context: { account: 'bar' } }));

    // Assess
    expect(mapping).toEqual({ ignored: expect.stringContaining('detail.context') });
  });

  it('tells provider events from app events', () => {
    // Assess
    expect(isProviderEvent(sesOpen())).toBe(true);
    expect(isProviderEvent(smsEvent('TEXT_DELIVERED'))).toBe(true);
    expect(isProviderEvent({ source: 'shop', 'detail-type': 'order.placed' })).toBe(false);
    expect(fromProviderEvent({ source: 'shop' })).toEqual({ ignored: expect.stringContaining('shop') });
  });
});
