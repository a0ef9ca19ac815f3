import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';

// Apart from the common environment: the step functions read no secret and need not build these.

/**
 * The shortest key taken, as shared/unsubscribe/tokens.ts's MIN_SECRET_LENGTH for its links. Not
 * imported from there: the webhook function, which reads its key here too, would load the token
 * schemas at every cold start.
 */
const MIN_KEY_LENGTH = 32;

/** A secret given directly (local platform) or by Secrets Manager ARN (AWS), read at cold start. */
function secretEnv<Name extends string>(name: Name, purpose: string) {
  return z.object({
    [name]: z
      .optional(z.string().check(z.minLength(MIN_KEY_LENGTH)))
      .check(z.describe(`${purpose}, in clear (local use)`)),
    [`${name}_ARN`]: z
      .optional(z.string().check(z.startsWith('arn:')))
      .check(z.describe(`the Secrets Manager ARN of ${purpose}`)),
  } as Record<Name | `${Name}_ARN`, z.ZodMiniOptional<z.ZodMiniString>>);
}

export const UnsubscribeSecretEnv = secretEnv('UNSUBSCRIBE_SECRET', 'the key that signs unsubscribe links');
export const WebhookSecretEnv = secretEnv('WEBHOOK_SECRET', 'the key that signs webhook requests');

export async function readSecret(
  clear: string | undefined,
  arn: string | undefined,
  name: string,
): Promise<string> {
  if (clear !== undefined) return clear;
  if (arn === undefined) throw new Error(`configuration: missing ${name} or ${name}_ARN`);
  const { SecretString } = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: arn }),
  );
  if (SecretString === undefined || SecretString.length < MIN_KEY_LENGTH)
    throw new Error(
      `configuration: secret ${name}_ARN is empty or shorter than ${MIN_KEY_LENGTH} characters`,
    );
  return SecretString;
}

/**
 * The unsubscribe keys the secret holds, one per line, the newest first: the first signs, any of
 * them verifies (shared/unsubscribe/tokens.ts), so a key can be changed without breaking the links
 * of the last 60 days. A rotation takes two deployments, since functions read the secret at cold
 * start: add the new key as the second line (every function then verifies it), then move it first
 * (links are signed with it) and keep the old one second until its links have expired.
 */
export async function readUnsubscribeSecrets(
  env: Partial<Record<'UNSUBSCRIBE_SECRET' | 'UNSUBSCRIBE_SECRET_ARN', string>>,
): Promise<string[]> {
  const text = await readSecret(env.UNSUBSCRIBE_SECRET, env.UNSUBSCRIBE_SECRET_ARN, 'UNSUBSCRIBE_SECRET');
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const short = lines.findIndex((line) => line !== '' && line.length < MIN_KEY_LENGTH);
  if (short >= 0)
    throw new Error(
      `configuration: UNSUBSCRIBE_SECRET holds a key shorter than ${MIN_KEY_LENGTH} characters (line ${short + 1})`,
    );
  const keys = lines.filter((line) => line !== '');
  if (keys.length === 0) throw new Error('configuration: UNSUBSCRIBE_SECRET holds no key');
  return keys;
}
