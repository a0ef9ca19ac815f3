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
 *
 * Throttling: a function URL has no rate setting of its own. The Lambda developer guide
 * ("Throttling function URLs") throttles it with the function's reserved concurrency: at most that
 * many requests at once and ten times as many per second, the rest answered 429, which mailbox
 * providers retry. That is what this endpoint uses, rather than an API Gateway stage with a rate
 * and burst in front: the URL in every link already delivered stays the one it is (RFC 8058 and
 * the law want those links to keep working), there is no second service to pay for, log and
 * secure, and the same setting that throttles the endpoint also caps what it can take from the
 * account's concurrency, so a flood of it cannot starve send and ingest. The endpoint must
 * therefore come with a reservation (`parcours:unsubscribeReservedConcurrency`).
 */
export class UnsubscribeEndpoint extends Construct {
  readonly url: lambda.FunctionUrl;
  readonly signingKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: UnsubscribeEndpointProps) {
    super(scope, id);
    const endpoint = props.endpoint.node.defaultChild;
    if (!(endpoint instanceof lambda.CfnFunction) || endpoint.reservedConcurrentExecutions === undefined) {
      throw new Error(
        `${props.endpoint.node.path}: a public endpoint needs reserved concurrency, its only throttle`,
      );
    }
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
