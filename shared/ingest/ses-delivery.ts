import * as z from 'zod/mini';
import { PARCOURS_SOURCES } from '../../language/sources.ts';
import { decodeTagValue } from '../channels/tag-encoding.ts';
import {
  type Attribution,
  type DeliveryDetailType,
  deliveryEvent,
  eventTime,
  type ProviderMapping,
  type Suppression,
} from './delivery-mapping.ts';

/**
 * An SES event-destination event as EventBridge delivers it (source `aws.ses`): the detail is the
 * event record SES publishes, with `mail.tags` holding the message tags as lists of strings.
 * https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html
 */
const Recipient = z.looseObject({ emailAddress: z.string().check(z.minLength(1)) });
const Timestamped = z.looseObject({ timestamp: z.optional(z.string()) });

export const SesEvent = z.looseObject({
  id: z.string().check(z.minLength(1)),
  source: z.literal('aws.ses'),
  'detail-type': z.string(),
  time: z.iso.datetime({ offset: true }),
  detail: z.looseObject({
    mail: z.looseObject({
      messageId: z.string().check(z.minLength(1)),
      tags: z._default(z.record(z.string(), z.array(z.string())), {}),
    }),
    bounce: z.optional(
      z.extend(Timestamped, { bounceType: z.string(), bouncedRecipients: z.array(Recipient) }),
    ),
    complaint: z.optional(z.extend(Timestamped, { complainedRecipients: z.array(Recipient) })),
    delivery: z.optional(Timestamped),
    open: z.optional(Timestamped),
    click: z.optional(z.extend(Timestamped, { link: z.optional(z.string()) })),
  }),
});
export type SesEvent = z.infer<typeof SesEvent>;

type EmailDetailType = Extract<DeliveryDetailType, `email.${string}`>;

const SES_DETAIL_TYPES: ReadonlyMap<string, EmailDetailType> = new Map([
  ['Email Delivered', 'email.delivered'],
  ['Email Opened', 'email.opened'],
  ['Email Clicked', 'email.clicked'],
  ['Email Bounced', 'email.bounced'],
  ['Email Complaint Received', 'email.complained'],
]);

/**
 * Bounces and complaints suppress the address whatever sent the message; the other outcomes only
 * matter for messages a journey sent, which carry its attribution tags.
 */
export function fromSesEvent(ses: SesEvent): ProviderMapping {
  const detailType = SES_DETAIL_TYPES.get(ses['detail-type']);
  if (detailType === undefined) return { ignored: `SES "${ses['detail-type']}" events are not used` };
  const { detail } = ses;
  const facts = factsOf(detailType, detail);
  if ('missing' in facts) return { ignored: `detail.${facts.missing}: required for "${ses['detail-type']}"` };

  const time = eventTime(facts.timestamp, ses.time);
  const suppressions: Suppression[] = facts.suppress.map((address) => ({
    channel: 'email',
    address,
    reason: detailType === 'email.complained' ? 'complaint' : 'bounce',
    at: time,
  }));
  const attribution = attributionOf(detail.mail.tags);
  const events =
    attribution === undefined
      ? []
      : [
          deliveryEvent({
            id: `ses-${ses.id}`,
            source: PARCOURS_SOURCES.email,
            detailType,
            time,
            detail: { ...attribution, messageId: detail.mail.messageId, ...facts.extra },
          }),
        ];
  if (events.length === 0 && suppressions.length === 0) {
    return { ignored: 'detail.mail.tags: no profileId, scenario and step tags (not sent by a journey)' };
  }
  return { events, suppressions };
}

type Facts =
  | { timestamp: string | undefined; suppress: string[]; extra: { link?: string; bounceType?: string } }
  | { missing: string };

function factsOf(detailType: EmailDetailType, detail: SesEvent['detail']): Facts {
  switch (detailType) {
    case 'email.bounced': {
      const { bounce } = detail;
      if (bounce === undefined) return { missing: 'bounce' };
      // A transient bounce (mailbox full, greylisting) may succeed next time: never suppress it.
      const suppress =
        bounce.bounceType === 'Permanent'
          ? bounce.bouncedRecipients.map(({ emailAddress }) => emailAddress)
          : [];
      return { timestamp: bounce.timestamp, suppress, extra: { bounceType: bounce.bounceType } };
    }
    case 'email.complained': {
      const { complaint } = detail;
      if (complaint === undefined) return { missing: 'complaint' };
      const suppress = complaint.complainedRecipients.map(({ emailAddress }) => emailAddress);
      return { timestamp: complaint.timestamp, suppress, extra: {} };
    }
    case 'email.clicked': {
      const link = detail.click?.link === undefined ? undefined : withoutQuery(detail.click.link);
      return { timestamp: detail.click?.timestamp, suppress: [], extra: link === undefined ? {} : { link } };
    }
    case 'email.opened':
      return { timestamp: detail.open?.timestamp, suppress: [], extra: {} };
    case 'email.delivered':
      return { timestamp: detail.delivery?.timestamp, suppress: [], extra: {} };
  }
}

/** SES keeps every tag as a list; the send step sets each one once. */
function attributionOf(tags: Readonly<Record<string, string[]>>): Attribution | undefined {
  const [profileId, scenario, step, variant] = ['profileId', 'scenario', 'step', 'variant'].map((name) => {
    const value = tags[name]?.[0];
    return value ? decodeTagValue(value) : undefined;
  });
  if (profileId === undefined || scenario === undefined || step === undefined) return undefined;
  return { profileId, scenario, step, ...(variant === undefined ? {} : { variant }) };
}

/** Query strings and fragments carry tokens and sometimes addresses; the path says which link it was. */
function withoutQuery(link: string): string | undefined {
  try {
    const url = new URL(link);
    return `${url.origin}${url.pathname}`;
  } catch {
    return undefined;
  }
}
