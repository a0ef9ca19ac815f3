import * as z from 'zod/mini';

/**
 * The EventBridge envelope every Parcours event uses. `detail.profileId` names the customer;
 * other fields of `detail` are the app's own.
 */
export const EventEnvelope = z.looseObject({
  id: z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
  'detail-type': z.string().check(z.minLength(1)),
  time: z.iso.datetime({ offset: true }),
  detail: z.looseObject({ profileId: z.string().check(z.minLength(1), z.maxLength(200)) }),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;
