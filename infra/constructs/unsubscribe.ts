import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { grantSecretValue, signingSecret } from './functions.ts';

export interface UnsubscribeEndpointProps {
  /** The unsubscribe function, which verifies links and publishes `subscription.changed`. */
  readonly endpoint: lambda.IFunction;
  /** The functions that sign links with the same key (the send function). */
  readonly signers: readonly lambda.IFunction[];
}

/**
 * One-click unsubscribe (RFC 8058): a public function URL, with no IAM auth because mailbox
 * providers call it anonymously; the function itself refuses any link whose HMAC does not verify
 * against the key kept in Secrets Manager, which the signers share.
 */
export class UnsubscribeEndpoint extends Construct {
  readonly url: lambda.FunctionUrl;
  readonly signingKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: UnsubscribeEndpointProps) {
    super(scope, id);
    this.signingKey = signingSecret(
      this,
      'SigningKey',
      'signs and verifies unsubscribe links',
      'every unsubscribe link already delivered to an inbox, which RFC 8058 and the law require to keep working',
    );
    this.url = props.endpoint.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    for (const fn of [props.endpoint, ...props.signers]) {
      grantSecretValue(this.signingKey, fn);
      addEnvironment(fn, 'UNSUBSCRIBE_SECRET_ARN', this.signingKey.secretArn);
    }
    for (const signer of props.signers) addEnvironment(signer, 'UNSUBSCRIBE_BASE_URL', this.url.url);
  }
}

/** IFunction has no addEnvironment; the functions Parcours owns are Function instances. */
function addEnvironment(fn: lambda.IFunction, name: string, value: string): void {
  if (!(fn instanceof lambda.Function))
    throw new Error(`${fn.node.path}: cannot set ${name} on an imported function`);
  fn.addEnvironment(name, value);
}
