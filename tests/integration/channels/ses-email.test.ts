import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmailMessage } from '../../../shared/channels/ports.ts';
import { SesEmailChannel } from '../../../shared/channels/ses-email.ts';
import { type LocalSes, startLocalSes } from '../../helpers/ses-local.ts';

/**
 * The SES adapter against a real aws-ses-v2-local over HTTP, with a real SESv2Client.
 *
 * What aws-ses-v2-local stores, and so what this test can check: from, reply-to, to/cc/bcc,
 * subject, the HTML and text bodies, attachments, and the custom headers of Simple content
 * (List-Unsubscribe, List-Unsubscribe-Post).
 * What it accepts but does not store, so this test cannot check: ConfigurationSetName,
 * EmailTags, charsets, ListManagementOptions. Those are covered by the request-shape tests in
 * tests/unit/channels/ses-email.test.ts. It also enforces none of SES's rules (verified
 * identities, tag characters, header restrictions, quotas), so it can never stand in for them.
 */
describe('SesEmailChannel against aws-ses-v2-local', () => {
  let ses: LocalSes;

  beforeAll(async () => {
    ses = await startLocalSes();
  });

  afterAll(async () => {
    await ses.stop();
  });

  it('delivers subject, addresses, both bodies and the one-click unsubscribe headers', async () => {
    // Prepare
    const channel = new SesEmailChannel(ses.client);
    const unsubscribeUrl = 'https://unsubscribe.example.com/u/profile-42?sig=abc123';
    const message = EmailMessage.parse({
      from: 'Parcours Shop <news@example.com>',
      to: 'jane.doe@example.com',
      replyTo: 'support@example.com',
      subject: 'You left something in your cart',
      html: '<p>Your <strong>cart</strong> is waiting.</p>',
      text: 'Your cart is waiting.',
      configurationSet: 'parcours-marketing',
      headers: [
        { name: 'List-Unsubscribe', value: `<${unsubscribeUrl}>` },
        { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      ],
      tags: { scenario: 'abandoned-cart', step: 'cart-email', variant: 'A', profileId: 'profile-42' },
    });

    // Act
    const { messageId } = await channel.send(message);

    // Assess: the store is shared by the whole process, so the email is found by its id.
    const stored = (await ses.storedEmails()).find((email) => email.messageId === messageId);
    expect(stored).toBeDefined();
    expect(stored?.subject).toBe('You left something in your cart');
    expect(stored?.from).toBe('Parcours Shop <news@example.com>');
    expect(stored?.destination.to).toEqual(['jane.doe@example.com']);
    expect(stored?.replyTo).toEqual(['support@example.com']);
    expect(stored?.body.html).toBe('<p>Your <strong>cart</strong> is waiting.</p>');
    expect(stored?.body.text).toBe('Your cart is waiting.');
    expect(stored?.headers).toEqual([
      { name: 'List-Unsubscribe', value: `<${unsubscribeUrl}>` },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('returns the message id the server assigned, distinct per send', async () => {
    // Prepare
    const channel = new SesEmailChannel(ses.client);
    const message = EmailMessage.parse({
      from: 'news@example.com',
      to: 'john.roe@example.com',
      subject: 'Welcome',
      html: '<p>Welcome</p>',
      text: 'Welcome',
    });

    // Act
    const first = await channel.send(message);
    const second = await channel.send(message);

    // Assess
    const ids = (await ses.storedEmails()).map((email) => email.messageId);
    expect(first.messageId).not.toBe(second.messageId);
    expect(ids).toEqual(expect.arrayContaining([first.messageId, second.messageId]));
  });
});
