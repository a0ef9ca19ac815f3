import * as z from 'zod';

/**
 * The EventBridge envelope every Parcours event uses. `detail.profileId` names the customer;
 * other fields of `detail` are the app's own.
 */
export const EventEnvelope = z.looseObject({
  id: z.string().min(1),
  source: z.string().min(1),
  'detail-type': z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  detail: z.looseObject({ profileId: z.string().min(1).max(200) }),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;
