import { describe, expect, it } from 'vitest';

// A file of its own: a test file's modules are its own, so no classic zod, which sets the same
// English messages when it loads, is here to hide a function on zod/mini that has none.
describe('a function on zod/mini started with a wrong configuration', () => {
  it('names each wrong variable, what it is for and what is wrong, in words', async () => {
    // Prepare: a secret too short to sign with, no event bus
    process.env.UNSUBSCRIBE_SECRET = 'too-short';
    delete process.env.UNSUBSCRIBE_SECRET_ARN;
    delete process.env.EVENT_BUS_NAME;
    // Act
    const loading = import('../../../functions/unsubscribe/lambda.ts');
    // Assess
    await expect(loading).rejects.toMatchObject({
      name: 'Parcours.ConfigError',
      message:
        'configuration: invalid UNSUBSCRIBE_SECRET (the key that signs unsubscribe links, in clear (local use)): ' +
        'Too small: expected string to have >=32 characters; missing EVENT_BUS_NAME (the event bus Parcours listens on)',
    });
  });
});
