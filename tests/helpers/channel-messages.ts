import { PushMessage, SmsMessage } from '../../shared/channels/ports.ts';

/** An SMS valid apart from what a test overrides; numbers are from the fictional 555-01xx range. */
export function smsMessage(overrides: Partial<SmsMessage> = {}): SmsMessage {
  return SmsMessage.parse({
    to: '+12025550142',
    body: 'Your cart is waiting: https://shop.example.com/cart',
    originationIdentity: 'pool-0123456789abcdef',
    messageType: 'PROMOTIONAL',
    ...overrides,
  });
}

/** The devices of a push message's customer. */
export const IPHONE = 'apns-token-0001';
export const ANDROID = 'fcm-token-0002';

/** A push to both devices, valid apart from what a test overrides. */
export function pushMessage(overrides: Partial<PushMessage> = {}): PushMessage {
  return PushMessage.parse({
    tokens: [
      { token: IPHONE, platform: 'apns' },
      { token: ANDROID, platform: 'fcm' },
    ],
    title: 'Still thinking it over?',
    body: 'Your cart is waiting.',
    applicationId: 'pinpoint-app-1',
    ...overrides,
  });
}
