import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { OUTBOX_CHANNELS, registerOutbox } from '../../../cli/register/outbox.ts';
import { OutboxEntry } from '../../../local/outbox/outbox.ts';

describe('command registration, which loads no schema', () => {
  it("names the outbox's channels as its schema does", () => {
    // Prepare
    const program = new Command('parcours');

    // Act
    registerOutbox(program);
    const help = program.commands.find((command) => command.name() === 'outbox')?.helpInformation() ?? '';

    // Assess
    expect([...OUTBOX_CHANNELS]).toEqual(OutboxEntry.shape.channel.options);
    expect(help).toContain(`only ${OutboxEntry.shape.channel.options.join(', ')}`);
  });
});
