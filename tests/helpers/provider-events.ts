/**
 * Provider delivery events shaped as EventBridge delivers them: SES event-destination events
 * (source aws.ses, detail = the SES event record with `mail.tags` as lists) and End User
 * Messaging SMS events (source aws.sms-voice, detail-type "Text Message Delivery Status Updated").
 */

export type Tags = Record<string, string[]>;

export const JOURNEY_TAGS: Tags = {
  'ses:configuration-set': ['parcours'],
  profileId: ['profile-42'],
  scenario: ['abandoned-cart'],
  step: ['cart-email'],
  variant: ['A'],
};

const ADDRESS = 'jane.doe@example.com';

function sesEvent(detailType: string, eventType: string, extra: Record<string, unknown>, tags: Tags) {
  return {
    version: '0',
    id: `ses-event-${detailType.replace(/ /g, '-').toLowerCase()}`,
    'detail-type': detailType,
    source: 'aws.ses',
    account: '123456789012',
    time: '2025-01-15T11:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      eventType,
      mail: {
        timestamp: '2025-01-15T10:30:00.000Z',
        source: 'Parcours Shop <hello@shop.example>',
        messageId: '0100018d-example-message-id',
        destination: [ADDRESS],
        headersTruncated: false,
        commonHeaders: { from: ['hello@shop.example'], to: [ADDRESS], subject: 'Your cart' },
        tags,
      },
      ...extra,
    },
  };
}

export function sesBounce(bounceType: 'Permanent' | 'Transient', tags: Tags = JOURNEY_TAGS) {
  return sesEvent(
    'Email Bounced',
    'Bounce',
    {
      bounce: {
        bounceType,
        bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
        bouncedRecipients: [
          {
            emailAddress: ADDRESS,
            action: 'failed',
            status: '5.1.1',
            diagnosticCode: 'smtp; 550 5.1.1 user unknown',
          },
        ],
        timestamp: '2025-01-15T10:31:02.669Z',
        feedbackId: '0100018d-feedback',
        reportingMTA: 'dsn; mta.example.com',
      },
    },
    tags,
  );
}

export function sesComplaint(tags: Tags = JOURNEY_TAGS) {
  return sesEvent(
    'Email Complaint Received',
    'Complaint',
    {
      complaint: {
        complainedRecipients: [{ emailAddress: ADDRESS }],
        timestamp: '2025-01-15T12:00:00.000Z',
        feedbackId: '0100018d-complaint',
        complaintFeedbackType: 'abuse',
      },
    },
    tags,
  );
}

export function sesOpen(tags: Tags = JOURNEY_TAGS) {
  return sesEvent(
    'Email Opened',
    'Open',
    { open: { timestamp: '2025-01-15T11:00:00.000Z', userAgent: 'Mozilla/5.0', ipAddress: '198.51.100.1' } },
    tags,
  );
}

export function sesClick(link: string, tags: Tags = JOURNEY_TAGS) {
  return sesEvent(
    'Email Clicked',
    'Click',
    {
      click: {
        timestamp: '2025-01-15T11:05:00.000Z',
        ipAddress: '198.51.100.1',
        userAgent: 'Mozilla/5.0',
        link,
        linkTags: {},
      },
    },
    tags,
  );
}

export function sesDelivery(tags: Tags = JOURNEY_TAGS) {
  return sesEvent(
    'Email Delivered',
    'Delivery',
    {
      delivery: {
        timestamp: '2025-01-15T10:30:05.000Z',
        processingTimeMillis: 546,
        recipients: [ADDRESS],
        smtpResponse: '250 ok',
        reportingMTA: 'a8-70.smtp-out.amazonses.com',
      },
    },
    tags,
  );
}

export function sesSend(tags: Tags = JOURNEY_TAGS) {
  return sesEvent('Email Sent', 'Send', { send: {} }, tags);
}

export function smsEvent(
  eventType: string,
  options: { isFinal?: boolean; context?: Record<string, string> } = {},
) {
  return {
    version: '0',
    id: `sms-event-${eventType.toLowerCase()}`,
    'detail-type': 'Text Message Delivery Status Updated',
    source: 'aws.sms-voice',
    account: '123456789012',
    time: '2024-10-16T17:21:40Z',
    region: 'eu-west-2',
    resources: [],
    detail: {
      eventType,
      eventVersion: '1.0',
      eventTimestamp: 1729099299998,
      isFinal: options.isFinal ?? true,
      originationPhoneNumber: '+18445550123',
      destinationPhoneNumber: '+14255550156',
      isoCountryCode: 'US',
      messageId: '9539975a-e71f-45f3-b496-8d98dc098a77',
      messageRequestTimestamp: 1729099297243,
      messageEncoding: 'GSM',
      messageType: 'PROMOTIONAL',
      messageStatus: eventType.replace(/^TEXT_/, ''),
      messageStatusDescription: 'Message has been accepted by phone',
      context: options.context ?? { profileId: 'profile-42', scenario: 'abandoned-cart', step: 'cart-sms' },
      totalMessageParts: 1,
      totalMessagePrice: 0.00581,
      totalCarrierFee: 0.003,
    },
  };
}
