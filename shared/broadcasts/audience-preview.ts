import * as z from 'zod/mini';
import { Channel } from '../../language/channel.ts';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import type { Audience } from '../../language/trigger.ts';
import { clockAudience, describeAudience } from '../../language/trigger-kind.ts';
import { capReached } from '../caps/frequency-caps.ts';
import { loadCustomerContext } from '../conditions/customer-context.ts';
import { consentDecision } from '../consent/consent.ts';
import { isSuppressedOn } from '../consent/suppression-store.ts';
import { inGlobalControl } from '../outcomes/placement.ts';
import type { Profile } from '../profiles/profile.ts';
import type { ItemStore } from '../store/item-store.ts';
import { SORT_PREFIX } from '../store/keys.ts';
import { audienceDecision } from './audience.ts';

/** How a customer stands on a channel: reachable, or the reason a marketing message would not go. */
export const ChannelStanding = z.enum([
  'reachable',
  'missing-address',
  'suppressed',
  'unsubscribed',
  'unsubscribed-from-topic',
  'no-consent',
]);
export type ChannelStanding = z.infer<typeof ChannelStanding>;

/** Each standing in a marketer's words, as `parcours audience` and the console write it. */
export const CHANNEL_STANDING_TEXT: Readonly<Record<ChannelStanding, string>> = {
  reachable: 'reachable',
  'missing-address': 'no address',
  suppressed: 'suppressed',
  unsubscribed: 'opted out',
  'unsubscribed-from-topic': 'opted out of the topic',
  'no-consent': 'no opt-in',
};

const Sampled = z.object({ profileId: z.string(), excluded: z.optional(z.string()) });

/**
 * Who a segment or a scheduled scenario reaches now: how many are in it, how they stand on each
 * channel, who of them is excluded and why, who would still be skipped when the message goes
 * (the global control group, a frequency cap reached), and a sample.
 */
export const AudiencePreview = z.object({
  target: z.string(),
  /** The audience in words: "segment french_buyers, reachable by email". */
  audience: z.string(),
  at: z.string(),
  customers: z.number(),
  /** In the segment (or everyone, for an audience of a channel alone). */
  inSegment: z.number(),
  /** Would enter: in the segment and reachable on the audience's channel. */
  members: z.number(),
  /** Members of the segment left out, by reason ("the customer opted out of email"). */
  excluded: z.record(z.string(), z.number()),
  /** Of those in the segment, how many stand how on each channel. */
  channels: z.record(Channel, z.record(ChannelStanding, z.number())),
  /** Of the members, how many the send would still skip, and why. */
  atSend: z.object({ globalControl: z.number(), capped: z.number() }),
  sample: z.array(Sampled),
});
export type AudiencePreview = z.infer<typeof AudiencePreview>;

/** What `parcours audience` was asked about: a segment, or a scenario started by a schedule or an anniversary. */
export type AudienceTarget = {
  readonly name: string;
  readonly audience: Audience;
  /**
   * The consent topic: the scenario's program; for a bare segment none, so no topic opt-out (not
   * even one of every topic) counts against it.
   */
  readonly topic: string | undefined;
};

/** The audience `name` stands for in the bundle, or why it stands for none. */
export function audienceTarget(bundle: RuntimeBundle, name: string): AudienceTarget | string {
  if (name in bundle.config.segments) return { name, audience: { segment: name }, topic: undefined };
  const scenario = bundle.scenarios[name]?.scenario;
  if (scenario === undefined) {
    const known = [...Object.keys(bundle.config.segments), ...Object.keys(bundle.scenarios)];
    return `"${name}" is neither a segment nor a scenario (known: ${known.join(', ') || 'none'})`;
  }
  const { trigger } = scenario;
  const audience = clockAudience(trigger);
  if (audience === undefined)
    return `scenario "${name}" starts on events, not on a schedule or an anniversary: it has no audience`;
  return { name, audience, topic: scenario.program };
}

export async function previewAudience(
  store: ItemStore,
  bundle: RuntimeBundle,
  target: AudienceTarget,
  options: { readonly now: Date; readonly sample: number },
): Promise<AudiencePreview> {
  const { config } = bundle;
  const channels: AudiencePreview['channels'] = {
    email: noStandings(),
    sms: noStandings(),
    push: noStandings(),
  };
  const excluded: Record<string, number> = {};
  const sampled: { profileId: string; excluded?: string }[] = [];
  let customers = 0;
  let inSegment = 0;
  let members = 0;
  let globalControl = 0;
  let capped = 0;
  const items = await store.scan({ sortKeyPrefix: SORT_PREFIX.profile });
  const profileIds = items
    .flatMap((item) => (typeof item.profileId === 'string' ? [item.profileId] : []))
    .sort();
  for (const profileId of profileIds) {
    const { profile, conditions } = await loadCustomerContext(store, config, profileId, {}, options.now);
    if (profile === undefined) continue;
    customers += 1;
    const segment = target.audience.segment;
    if (segment !== undefined && !conditions.segment(segment)) continue;
    inSegment += 1;
    for (const channel of Channel.options) {
      channels[channel][await standing(store, profile, channel, target.topic)] += 1;
    }
    const channel = target.audience.reachable;
    const decision = audienceDecision({
      audience: target.audience,
      profile,
      inSegment: conditions.segment,
      suppressed: channel !== undefined && (await isSuppressedOn(store, profile, channel)),
      topic: target.topic,
    });
    if (decision.kind === 'excluded') {
      excluded[decision.detail] = (excluded[decision.detail] ?? 0) + 1;
      if (sampled.length < options.sample) sampled.push({ profileId, excluded: decision.detail });
      continue;
    }
    members += 1;
    if (inGlobalControl(profileId, config['global-control'])) globalControl += 1;
    else if (
      channel !== undefined &&
      (await capReached(store, { profileId, channel, caps: config.caps, now: options.now })) !== undefined
    )
      capped += 1;
    if (sampled.length < options.sample) sampled.push({ profileId });
  }
  return {
    target: target.name,
    audience: describeAudience(target.audience),
    at: options.now.toISOString(),
    customers,
    inSegment,
    members,
    excluded,
    channels,
    atSend: { globalControl, capped },
    sample: sampled,
  };
}

function noStandings(): Record<ChannelStanding, number> {
  return {
    reachable: 0,
    'missing-address': 0,
    suppressed: 0,
    unsubscribed: 0,
    'unsubscribed-from-topic': 0,
    'no-consent': 0,
  };
}

async function standing(
  store: ItemStore,
  profile: Profile,
  channel: Channel,
  topic: string | undefined,
): Promise<ChannelStanding> {
  const decision = consentDecision({
    profile,
    channel,
    category: 'marketing',
    topic,
    suppressed: await isSuppressedOn(store, profile, channel),
  });
  return decision.allowed ? 'reachable' : decision.reason;
}
