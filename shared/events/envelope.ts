import * as z from 'zod/mini';

/** A customer's id, as an event names it and so as a profile may hold it. */
export const ProfileId = z.string().check(z.minLength(1), z.maxLength(200));

/**
 * The EventBridge envelope every Parcours event uses. `detail.profileId` names the customer;
 * other fields of `detail` are the app's own.
 */
export const EventEnvelope = z.looseObject({
  id: z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
  'detail-type': z.string().check(z.minLength(1)),
  time: z.iso.datetime({ offset: true }),
  detail: z.looseObject({ profileId: ProfileId }),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;
