import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { signUnsubscribeToken } from '../../../shared/unsubscribe/tokens.ts';

const OLD_KEY = 'old-unsubscribe-key-0123456789abcdef';
const NEW_KEY = 'new-unsubscribe-key-0123456789abcdef';
const context = { functionName: 'unsubscribe', awsRequestId: 'r-1' } as Context;

/** A link mailed yesterday, signed with `key`. */
function mailedWith(key: string): string {
  const yesterday = new ManualClock(new Date(Date.now() - 86_400_000));
  return signUnsubscribeToken({ profileId: 'c-42', channel: 'email', topic: 'conversion' }, key, yesterday);
}

/** The deployed unsubscribe function, started with `secret` as its key setting. */
async function unsubscribeFunction(secret: string) {
  vi.stubEnv('UNSUBSCRIBE_SECRET', secret);
  vi.stubEnv('EVENT_BUS_NAME', 'parcours');
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  const { handler } = await import('../../../functions/unsubscribe/lambda.ts');
  return (token: string) =>
    handler({ requestContext: { http: { method: 'GET' } }, queryStringParameters: { token } }, context);
}

describe('the unsubscribe function across a change of its key', () => {
  // The function reads its key when its module loads: each test loads it afresh, whatever a test
  // of another file loaded before it in the same worker.
  beforeEach(() => {
    vi.resetModules();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('takes the links of the previous key, kept on the second line of the secret', async () => {
    // Prepare
    const confirmPage = await unsubscribeFunction(`${NEW_KEY}\n${OLD_KEY}\n`);

    // Act
    const before = await confirmPage(mailedWith(OLD_KEY));
    const after = await confirmPage(mailedWith(NEW_KEY));

    // Assess
    expect([before.statusCode, after.statusCode]).toEqual([200, 200]);
    expect(before.body).not.toContain('This link does not work');
  });

  it('refuses a link of a key it no longer holds', async () => {
    const confirmPage = await unsubscribeFunction(NEW_KEY);

    const response = await confirmPage(mailedWith(OLD_KEY));

    expect(response.statusCode).toBe(400);
  });

  it('refuses to start with a line too short to be a key, naming the line', async () => {
    await expect(unsubscribeFunction(`${NEW_KEY}\nshort`)).rejects.toThrow(
      'configuration: UNSUBSCRIBE_SECRET holds a key shorter than 32 characters (line 2)',
    );
  });
});
