import * as z from 'zod';

/**
 * The PutEvents request and response as they travel over the AWS JSON 1.1 protocol.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 */

/** `X-Amz-Target` of the one operation the local bus serves. */
export const PUT_EVENTS_TARGET = 'AWSEvents.PutEvents';

/**
 * One entry. Every member is optional on the wire: a missing Source, DetailType or Detail is an
 * entry-level `InvalidArgument`, not a malformed request. The SDK serializes `Time` as epoch
 * seconds; other clients may send an RFC 3339 string; an in-process `publish` of the SDK's own
 * entry type hands over a Date.
 */
export const PutEventsRequestEntry = z.looseObject({
  Time: z.union([z.number(), z.string(), z.date()]).optional(),
  Source: z.string().optional(),
  Resources: z.array(z.string()).optional(),
  DetailType: z.string().optional(),
  Detail: z.string().optional(),
  EventBusName: z.string().optional(),
  TraceHeader: z.string().optional(),
});
export type PutEventsRequestEntry = z.infer<typeof PutEventsRequestEntry>;

/** The entry count is checked apart from the shape, to answer with AWS's own constraint message. */
export const PutEventsRequest = z.looseObject({
  Entries: z.array(PutEventsRequestEntry),
  EndpointId: z.string().optional(),
});
export type PutEventsRequest = z.infer<typeof PutEventsRequest>;

export const PutEventsResultEntry = z.union([
  z.object({ EventId: z.string() }),
  z.object({ ErrorCode: z.string(), ErrorMessage: z.string() }),
]);
export type PutEventsResultEntry = z.infer<typeof PutEventsResultEntry>;

/** Result entries line up with request entries, index for index. */
export const PutEventsResponse = z.object({
  FailedEntryCount: z.number().int().nonnegative(),
  Entries: z.array(PutEventsResultEntry),
});
export type PutEventsResponse = z.infer<typeof PutEventsResponse>;
