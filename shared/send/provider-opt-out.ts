import type { Channel } from '../../language/channel.ts';
import { withConsent } from '../ingest/profile-changes.ts';
import { updateProfile } from '../profiles/store.ts';
import type { ItemStore } from '../store/item-store.ts';

/**
 * The provider refused a message because it holds an opt-out for the recipient (End User
 * Messaging keeps one for each number that replied STOP, and answers every later send with
 * DESTINATION_PHONE_NUMBER_OPTED_OUT). The customer opted out, so the profile says so: consent is
 * what audiences, the console and later sends read, and they showed an SMS opt-in while every
 * message failed. Ordered as a consent event of the send's time would be, so an opt-in the app
 * sent earlier and that arrives later does not undo it; one the customer gives afterwards (after
 * texting START) does.
 */
export async function recordProviderOptOut(
  store: ItemStore,
  send: {
    readonly profileId: string;
    readonly channel: Channel;
    readonly execution: string;
    readonly step: string;
  },
  now: Date,
): Promise<void> {
  const stamp = { at: now.toISOString(), eventId: `provider-opt-out:${send.execution}#${send.step}` };
  await updateProfile(
    store,
    send.profileId,
    (profile) =>
      withConsent(profile, { profileId: send.profileId, channel: send.channel, status: 'opted-out' }, stamp),
    now,
  );
}
