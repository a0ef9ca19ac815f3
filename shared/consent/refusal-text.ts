import type { Channel } from '../../language/channel.ts';
import type { ConsentDecision } from './consent.ts';

export type ConsentRefusal = Extract<ConsentDecision, { allowed: false }>['reason'];

/**
 * Why consent keeps a message from a customer, in plain words: what the dev log and `trace` say of
 * a skipped send, and what a broadcast records of a customer it could not reach. One wording, so
 * "why didn't Jane get it?" reads the same wherever it is asked.
 */
export function refusalText(reason: ConsentRefusal, channel: Channel | string): string {
  switch (reason) {
    case 'unsubscribed':
      return `the customer opted out of ${channel}`;
    case 'unsubscribed-from-topic':
      return "the customer opted out of this scenario's topic";
    case 'no-consent':
      return `no ${channel} opt-in (${channel === 'sms' ? 'SMS needs an explicit opt-in' : 'consent required'})`;
    case 'suppressed':
      return 'the address is suppressed after a bounce or a complaint';
    case 'missing-address':
      return `the profile has no ${ADDRESS_NAMES[channel] ?? `${channel} address`}`;
  }
}

/** What a channel's address is called: nobody speaks of an "SMS address". */
const ADDRESS_NAMES: Readonly<Record<string, string>> = {
  email: 'email address',
  sms: 'phone number',
  push: 'push token',
};
