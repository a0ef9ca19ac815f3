import { Stack, Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as pinpoint from 'aws-cdk-lib/aws-pinpoint';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import { Construct } from 'constructs';
import type { MessagingPlan } from '../config/messaging-plan.ts';

/** The SES events Parcours turns into suppressions and `email.*` events (shared/ingest/ses-delivery.ts). */
export const SES_EVENTS: readonly ses.EmailSendingEvent[] = [
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.OPEN,
  ses.EmailSendingEvent.CLICK,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
];

export interface ParcoursMessagingProps {
  /** What parcours.config.yaml and the scenarios need: senders, identities, channels. */
  readonly plan: MessagingPlan;
  /** The account's default bus: the only one SES event destinations can publish to. */
  readonly defaultBus: events.IEventBus;
  /** Prefix of the resources Parcours names (SMS configuration set, push application). */
  readonly namePrefix: string;
  /**
   * An existing Pinpoint application holding the push credentials.
   * @default - Parcours creates one when a scenario sends push
   */
  readonly pushApplicationId?: string;
}

/**
 * The channels' AWS side: an SES configuration set per name the senders use, publishing deliveries,
 * opens, clicks, bounces and complaints to EventBridge; an End User Messaging SMS configuration
 * set; the Pinpoint application that holds push credentials. Channels no scenario uses get nothing.
 */
export class ParcoursMessaging extends Construct {
  readonly emailConfigurationSets: readonly ses.ConfigurationSet[];
  /** Their names, as the senders write them (literal, so event patterns can match on them). */
  readonly emailConfigurationSetNames: readonly string[];
  readonly smsConfigurationSet: smsvoice.CfnConfigurationSet | undefined;
  /** The application the send function addresses push to, if any scenario sends push. */
  readonly pushApplicationId: string | undefined;
  readonly plan: MessagingPlan;

  constructor(scope: Construct, id: string, props: ParcoursMessagingProps) {
    super(scope, id);
    const { plan } = props;
    this.plan = plan;
    const sendsEmail = plan.channels.has('email');
    this.emailConfigurationSets = sendsEmail
      ? plan.emailConfigurationSets.map((name) => {
          const set = new ses.ConfigurationSet(this, `Email-${name}`, {
            configurationSetName: name,
            // SES's own suppression list as well, so a bounce stops sends even before Parcours sees it.
            suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
            reputationMetrics: true,
            sendingEnabled: true,
          });
          set.addEventDestination('EventBridge', {
            destination: ses.EventDestination.eventBus(props.defaultBus),
            events: [...SES_EVENTS],
          });
          return set;
        })
      : [];
    this.emailConfigurationSetNames = sendsEmail ? plan.emailConfigurationSets : [];
    if (sendsEmail && plan.emailSendersWithoutConfigurationSet.length > 0) {
      Validations.of(this).addWarning(
        'parcours:email-without-configuration-set',
        `email senders ${plan.emailSendersWithoutConfigurationSet.join(', ')} name no configuration-set in parcours.config.yaml: their bounces and complaints never reach Parcours, so it cannot suppress those addresses`,
      );
    }

    this.smsConfigurationSet = plan.channels.has('sms')
      ? new smsvoice.CfnConfigurationSet(this, 'SmsConfigurationSet', {
          configurationSetName: `${props.namePrefix}-sms`,
        })
      : undefined;
    if (plan.channels.has('sms') && plan.smsIdentitiesWithoutArn.length > 0) {
      Validations.of(this).addWarning(
        'parcours:sms-identity-without-arn',
        `SMS origination identities ${plan.smsIdentitiesWithoutArn.join(', ')} are not ARNs: the send function may use any phone number, sender id and pool of the account. Map each to its ARN with the context "parcours:smsOriginationIdentityArns" to narrow it.`,
      );
    }

    this.pushApplicationId = plan.channels.has('push')
      ? (props.pushApplicationId ?? this.createPushApplication(props.namePrefix))
      : undefined;
  }

  private createPushApplication(namePrefix: string): string {
    const application = new pinpoint.CfnApp(this, 'PushApplication', { name: `${namePrefix}-push` });
    Validations.of(application).acknowledge({
      id: 'CloudFormation-Validate::W3696',
      reason:
        'Push is sent with Pinpoint SendMessages addressed by device token, the push API AWS keeps (as End User Messaging Push) past the 2026-10-30 end of Pinpoint journeys, campaigns and segments; this application only holds the APNs/FCM credentials. Set "parcours:pushApplicationId" to use an existing one instead.',
    });
    return application.ref;
  }

  /** Grants sending on exactly the identities, configuration sets and applications configured. */
  grantSend(grantee: lambda.IFunction): void {
    const stack = Stack.of(this);
    const { plan } = this;
    if (plan.channels.has('email')) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [
            ...plan.emailIdentities.map((identity) =>
              stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
            ),
            ...plan.emailConfigurationSets.map((name) =>
              stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: name }),
            ),
          ],
        }),
      );
    }
    if (this.smsConfigurationSet !== undefined) this.grantSendText(grantee);
    if (this.pushApplicationId !== undefined) {
      const applications = [this.pushApplicationId, ...plan.pushApplicationIds];
      grantee.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['mobiletargeting:SendMessages'],
          resources: applications.map((app) =>
            stack.formatArn({
              service: 'mobiletargeting',
              resource: 'apps',
              resourceName: `${app}/messages`,
            }),
          ),
        }),
      );
    }
  }

  private grantSendText(grantee: lambda.IFunction): void {
    const stack = Stack.of(this);
    const { plan } = this;
    const inAccount = (resource: string): string =>
      stack.formatArn({ service: 'sms-voice', resource, resourceName: '*' });
    // An identity written as a number or sender id has an ARN made of an id AWS assigns, which
    // synth cannot know: only then does the grant widen to the account's identities of each kind.
    const unresolved =
      plan.smsIdentitiesWithoutArn.length > 0
        ? [inAccount('phone-number'), inAccount('sender-id'), inAccount('pool')]
        : [];
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sms-voice:SendTextMessage'],
        resources: [
          ...plan.smsOriginationIdentityArns,
          ...unresolved,
          ...(this.smsConfigurationSet === undefined ? [] : [this.smsConfigurationSet.attrArn]),
          // SendTextMessage also authorizes the opt-out list of the origination identity, which is
          // set on the identity (not in the call) and so cannot be named here.
          inAccount('opt-out-list'),
        ],
      }),
    );
    const reason = (what: string): string =>
      `${what} Every ARN stays within this account and region, and the only action is sms-voice:SendTextMessage.`;
    // The finding is on the role's policy, so the acknowledgement sits on the role.
    Validations.of(grantee.role ?? grantee).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(stack, 'opt-out-list')}]`,
        reason: reason(
          'SendTextMessage authorizes the opt-out list attached to the origination identity; the list is chosen on the identity, not in the call, so its name is unknown here.',
        ),
      },
      ...(unresolved.length === 0
        ? []
        : ['phone-number', 'sender-id', 'pool'].map((kind) => ({
            id: `AwsSolutions-IAM5[Resource::${nagArn(stack, kind)}]`,
            reason: reason(
              `An SMS sender of parcours.config.yaml names its origination identity by number or sender id, whose ${kind} ARN holds an id AWS assigns; map it in "parcours:smsOriginationIdentityArns" to drop this wildcard.`,
            ),
          }))),
    );
  }
}

/** How cdk-nag prints `arn:${Partition}:sms-voice:<region>:<account>:<kind>/*` in its finding ids. */
function nagArn(stack: Stack, kind: string): string {
  return `arn:<AWS::Partition>:sms-voice:${stack.region}:${stack.account}:${kind}/*`;
}
