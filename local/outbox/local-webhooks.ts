import { randomUUID } from 'node:crypto';
import type { Clock } from '../../shared/clock/clock.ts';
import type { Outbox } from './outbox.ts';

/**
 * The `fetch` the local platform gives the webhook function: requests to this machine go out for
 * real, others are recorded in the outbox and answered 200, since a local run has no network and
 * must not call a CRM with test data.
 */
export function recordingFetch(outbox: Outbox, clock: Clock): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]')
      return fetch(input, init);
    const headers = new Headers(init?.headers);
    await outbox.add({
      at: clock.now().toISOString(),
      channel: 'webhook',
      to: url.toString(),
      subject: init?.method ?? 'POST',
      body: typeof init?.body === 'string' ? init.body : '',
      messageId: randomUUID(),
      ...optional('profileId', decodedId(headers.get('x-parcours-profile-id'))),
      ...optional('scenario', headers.get('x-parcours-scenario')),
      ...optional('step', headers.get('x-parcours-step')),
    });
    return new Response(null, { status: 200 });
  };
}

function optional(key: string, value: string | null): Record<string, string> {
  return value === null ? {} : { [key]: value };
}

/** The webhook step percent-encodes the customer id (shared/steps/webhook.ts). */
function decodedId(header: string | null): string | null {
  if (header === null) return null;
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}
