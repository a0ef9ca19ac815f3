import * as z from 'zod';
import { AGGREGATE_DEFAULTS } from './aggregate-defaults.ts';
import { Channel } from './channel.ts';
import { Condition } from './condition.ts';
import { Duration } from './duration.ts';
import { EventPattern } from './event-pattern.ts';
import { FieldPath, Name } from './field-path.ts';
import { PARCOURS_SOURCES } from './sources.ts';
import { TimeZone } from './time-zone.ts';

/** An ISO 4217 currency code. */
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "EUR"');
export type Currency = z.infer<typeof Currency>;

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time such as "21:00"');

/**
 * Aggregates are computed by ingest from the event stream, one write per event, so that
 * conditions such as "bought product A in the last 15 days" need no query at send time.
 */
const AggregateBase = {
  on: EventPattern.check(z.meta({ description: 'The events that update this aggregate.' })),
  description: z.string().optional(),
};
const PerItem = z.optional(FieldPath).meta({
  description: 'Keep one value per item, keyed by this field (e.g. "detail.items.productId").',
});

const PerItemBounds = {
  per: PerItem,
  'max-items': z
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .meta({
      description:
        'With "per": keep at most this many items, the most recently updated (by event time); older ' +
        `items are dropped. Default: ${AGGREGATE_DEFAULTS.maxItems}.`,
    }),
};

export const Aggregate = z
  .discriminatedUnion('type', [
    z.strictObject({ ...AggregateBase, type: z.literal('count'), ...PerItemBounds }),
    z.strictObject({ ...AggregateBase, type: z.literal('sum'), field: FieldPath, ...PerItemBounds }),
    z.strictObject({ ...AggregateBase, type: z.literal('min'), field: FieldPath, ...PerItemBounds }),
    z.strictObject({ ...AggregateBase, type: z.literal('max'), field: FieldPath, ...PerItemBounds }),
    z.strictObject({ ...AggregateBase, type: z.literal('last-at'), ...PerItemBounds }),
    z.strictObject({
      ...AggregateBase,
      type: z.literal('latest'),
      field: FieldPath,
      ...PerItemBounds,
      fields: z
        .array(FieldPath)
        .min(1)
        .optional()
        .meta({
          description:
            'Keep only these fields of the value, as paths inside it (e.g. "cartId", "items.productId"; ' +
            'a path through a list keeps that field of every element). Default: the whole value.',
        }),
      'max-bytes': z
        .number()
        .int()
        .min(64)
        .max(65_536)
        .optional()
        .meta({
          description:
            'The largest value kept, in bytes as DynamoDB counts them. A larger one is cut (the tails ' +
            'of its largest lists first, then its largest fields) and the cut is reported as a ' +
            `warning of the event, never an error. Default: ${AGGREGATE_DEFAULTS.maxBytes}.`,
        }),
    }),
  ])
  .superRefine((aggregate, ctx) => {
    if (aggregate['max-items'] !== undefined && aggregate.per === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['max-items'],
        message: '"max-items" only applies to a per-item aggregate (with "per")',
      });
    }
  });
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
    'time-zone': z._default(TimeZone, 'UTC').meta({
      description: 'For profiles that have no time zone of their own.',
    }),
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
    'trusted-sources': z
      .array(z.string().min(1))
      .default([PARCOURS_SOURCES.unsubscribe])
      .meta({
        description:
          'The event sources that may change consent (subscription.changed) and contact data (email, phone, ' +
          'push tokens, time zone and locale in profile.updated). Such a change from any other source is kept ' +
          `as rejected. Default: only Parcours' own unsubscribe endpoint ("${PARCOURS_SOURCES.unsubscribe}").`,
      }),
    aggregates: z.record(Name, Aggregate).default({}),
    segments: z.record(Name, Segment).default({}),
    locales: z
      .strictObject({ default: z.string().min(2), supported: z.array(z.string().min(2)).min(1) })
      .default({ default: 'en', supported: ['en'] }),
    currency: Currency.default('USD').meta({
      description:
        'The ISO 4217 currency reports count revenue in. A conversion in another currency is counted, and ' +
        'its value reported apart: Parcours converts no currency.',
    }),
    'global-control': z
      .number()
      .min(0)
      .max(50)
      .default(0)
      .meta({
        description:
          'A stable percentage of all customers who receive no marketing message from any scenario ' +
          '(transactional messages still go), so that each program is measured against customers it never ' +
          'touched. Their journeys run and their conversions count. Default: 0 (none).',
      }),
  })
  .meta({ id: 'ParcoursConfig', title: 'Parcours project configuration (parcours.config.yaml)' });
export type ParcoursConfig = z.infer<typeof ParcoursConfig>;
