import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { dynamoItemStore } from '../../shared/store/dynamodb/dynamo-item-store.ts';
import { openTable } from '../../shared/store/dynamodb/table.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';

/** What every Parcours function is configured with. */
export const CommonEnv = z.object({
  TABLE_NAME: z.string().min(1).describe('the DynamoDB table'),
  PARCOURS_BUNDLE: z
    .string()
    .min(1)
    .describe('the path of the runtime bundle (bundle.json) shipped with the function'),
});
export type CommonEnv = z.infer<typeof CommonEnv>;

/** A secret given directly (local platform) or by Secrets Manager ARN (AWS), read at cold start. */
function secretEnv<Name extends string>(name: Name, purpose: string) {
  return z.object({
    [name]: z.string().min(32).optional().describe(`${purpose}, in clear (local use)`),
    [`${name}_ARN`]: z
      .string()
      .startsWith('arn:')
      .optional()
      .describe(`the Secrets Manager ARN of ${purpose}`),
  } as Record<Name | `${Name}_ARN`, z.ZodOptional<z.ZodString>>);
}

export const UnsubscribeSecretEnv = secretEnv('UNSUBSCRIBE_SECRET', 'the key that signs unsubscribe links');
export const WebhookSecretEnv = secretEnv('WEBHOOK_SECRET', 'the key that signs webhook requests');

export function storeFrom(env: CommonEnv): ItemStore {
  return dynamoItemStore(openTable(new DynamoDBClient({}), env.TABLE_NAME));
}

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
  if (SecretString === undefined || SecretString.length < 32)
    throw new Error(`configuration: secret ${name}_ARN is empty or shorter than 32 characters`);
  return SecretString;
}
