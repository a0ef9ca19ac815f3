import { describe, expect, it } from 'vitest';

describe('a function started without its configuration', () => {
  it('fails at cold start naming each missing variable and what it is for', async () => {
    // Prepare: no TABLE_NAME, no PARCOURS_BUNDLE
    delete process.env.TABLE_NAME;
    delete process.env.PARCOURS_BUNDLE;
    // Act
    const loading = import('../../../functions/check/lambda.ts');
    // Assess
    await expect(loading).rejects.toMatchObject({
      name: 'Parcours.ConfigError',
      message:
        'configuration: missing TABLE_NAME (the DynamoDB table); missing PARCOURS_BUNDLE (the path of the runtime bundle (bundle.json) shipped with the function)',
    });
  });
});
