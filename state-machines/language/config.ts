import { z } from 'zod';
import { Condition } from './condition.ts';
import { Duration } from './duration.ts';
import { EventPattern } from './event-pattern.ts';
import { FieldPath, Name } from './field-path.ts';
import { Channel } from './steps.ts';

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time such as "21:00"');

/**
 * Aggregates are computed by ingest from the event stream, one UpdateItem per event, so that
 * conditions such as "bought product A in the last 15 days" need no query at send time.
 */
const AggregateBase = {
  on: EventPattern.meta({ description: 'The events that update this aggregate.' }),
  description: z.string().optional(),
};
const PerItem = FieldPath.optional().meta({
  description: 'Keep one value per item, keyed by this field (e.g. "detail.items.productId").',
});

export const Aggregate = z.discriminatedUnion('type', [
  z.strictObject({ ...AggregateBase, type: z.literal('count'), per: PerItem }),
  z.strictObject({ ...AggregateBase, type: z.literal('sum'), field: FieldPath, per: PerItem }),
  z.strictObject({ ...AggregateBase, type: z.literal('min'), field: FieldPath, per: PerItem }),
  z.strictObject({ ...AggregateBase, type: z.literal('max'), field: FieldPath, per: PerItem }),
  z.strictObject({ ...AggregateBase, type: z.literal('last-at'), per: PerItem }),
  z.strictObject({ ...AggregateBase, type: z.literal('latest'), field: FieldPath, per: PerItem }),
]);
export type Aggregate = z.infer<typeof Aggregate>;
export type AggregateType = Aggregate['type'];

export const Segment = z.strictObject({ description: z.string().optional(), when: Condition });
export type Segment = z.infer<typeof Segment>;

export const EmailSender = z.strictObject({
  from: z
    .string()
    .min(3)
    .meta({ description: 'e.g. "Acme <hello@acme.example>"; the identity must be verified in SES.' }),
  'reply-to': z.string().optional(),
  'configuration-set': z.string().optional(),
});
export const SmsSender = z.strictObject({
  'origination-identity': z.string().min(1).meta({ description: 'A phone number, sender id or pool ARN.' }),
});
export const PushSender = z.strictObject({
  'application-id': z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Default: the application Parcours deploys.' }),
});

export const FrequencyCap = z.strictObject({
  channels: z.array(Channel).min(1).optional().meta({ description: 'Default: all channels together.' }),
  max: z.number().int().min(1),
  per: Duration,
});
export type FrequencyCap = z.infer<typeof FrequencyCap>;

export const ParcoursConfig = z
  .strictObject({
    senders: z
      .strictObject({
        email: z.record(Name, EmailSender).optional(),
        sms: z.record(Name, SmsSender).optional(),
        push: z.record(Name, PushSender).optional(),
      })
      .default({}),
    'time-zone': z
      .string()
      .refine(isTimeZone, 'expected an IANA time zone such as "Europe/Paris"')
      .default('UTC')
      .meta({ description: 'For profiles that have no time zone of their own.' }),
    'quiet-hours': z
      .strictObject({
        from: TimeOfDay,
        to: TimeOfDay,
        channels: z.array(Channel).min(1).default(['sms', 'push']),
      })
      .optional()
      .meta({
        description: 'Marketing messages on these channels wait until quiet hours end, in local time.',
      }),
    caps: z
      .array(FrequencyCap)
      .default([])
      .meta({ description: 'Marketing frequency caps across all scenarios.' }),
    aggregates: z.record(Name, Aggregate).default({}),
    segments: z.record(Name, Segment).default({}),
    locales: z
      .strictObject({ default: z.string().min(2), supported: z.array(z.string().min(2)).min(1) })
      .default({ default: 'en', supported: ['en'] }),
  })
  .meta({ id: 'ParcoursConfig', title: 'Parcours project configuration (parcours.config.yaml)' });
export type ParcoursConfig = z.infer<typeof ParcoursConfig>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
