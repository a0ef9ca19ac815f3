import type { Channel } from '../../language/channel.ts';
import { durationSeconds } from '../../language/duration.ts';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import { allNodes } from '../../state-machines/model/step-tree.ts';
import type { Project } from '../../state-machines/validation/validate-project.ts';
import type { DeployConfig } from './deploy-config.ts';

/**
 * What the project asks of AWS messaging, derived from parcours.config.yaml and the scenarios so
 * that senders and identities are configuration, never hard-coded, and every grant names them.
 */
export type MessagingPlan = {
  /** The channels some scenario sends on: the others get no resources and no permissions. */
  readonly channels: ReadonlySet<Channel>;
  /** SES identities (addresses and domains) the send function may send from. */
  readonly emailIdentities: readonly string[];
  /** SES configuration sets the senders name; Parcours creates them with its event destination. */
  readonly emailConfigurationSets: readonly string[];
  /** Email senders that name no configuration set: their bounces never reach Parcours. */
  readonly emailSendersWithoutConfigurationSet: readonly string[];
  /** SMS origination identities given (or mapped) as ARNs. */
  readonly smsOriginationIdentityArns: readonly string[];
  /** SMS origination identities given as a number or sender id, whose ARN is unknown at synth. */
  readonly smsIdentitiesWithoutArn: readonly string[];
  /** Pinpoint applications named by push senders, besides the one Parcours deploys. */
  readonly pushApplicationIds: readonly string[];
  /** The longest webhook timeout of any scenario, which the webhook function must outlive. */
  readonly longestWebhookSeconds: number;
};

export type MessagingPlanResult = { readonly plan: MessagingPlan; readonly problems: readonly string[] };

/** SES configuration set names: letters, digits, "_" and "-", at most 64. */
const CONFIGURATION_SET_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ADDRESS_IN_BRACKETS = /<([^<>\s@]+@[^<>\s@]+)>\s*$/;
const BARE_ADDRESS = /^([^<>\s@]+@[^<>\s@]+)$/;
/** Beyond this a webhook cannot finish inside Lambda's 15-minute limit with time to record it. */
const MAX_WEBHOOK_SECONDS = 840;

export function planMessaging(
  project: Project,
  scenarios: readonly ProjectScenario[],
  config: DeployConfig,
): MessagingPlanResult {
  const problems: string[] = [];
  const senders = project.config.senders;
  const channels = new Set<Channel>();
  let longestWebhookSeconds = 0;
  for (const { scenario, tree } of scenarios) {
    for (const node of allNodes(tree)) {
      if (node.kind === 'send') channels.add(node.step.send);
      if (node.kind === 'webhook') {
        const seconds = durationSeconds(node.step.webhook.timeout);
        if (seconds > MAX_WEBHOOK_SECONDS) {
          problems.push(
            `scenario "${scenario.id}" step "${node.id}": webhook timeout ${node.step.webhook.timeout} is longer than the ${MAX_WEBHOOK_SECONDS} s a Lambda function can wait`,
          );
        }
        longestWebhookSeconds = Math.max(longestWebhookSeconds, seconds);
      }
    }
  }

  const derivedIdentities = new Set<string>();
  const configurationSets = new Set<string>();
  const withoutConfigurationSet: string[] = [];
  for (const [name, sender] of Object.entries(senders.email ?? {})) {
    const address = emailAddressOf(sender.from);
    if (address === undefined) {
      problems.push(
        `parcours.config.yaml senders.email.${name}.from: "${sender.from}" holds no email address (expected "Name <user@domain>" or "user@domain")`,
      );
    } else {
      derivedIdentities.add(address);
      derivedIdentities.add(address.slice(address.indexOf('@') + 1));
    }
    const set = sender['configuration-set'];
    if (set === undefined) withoutConfigurationSet.push(name);
    else if (!CONFIGURATION_SET_NAME.test(set)) {
      problems.push(
        `parcours.config.yaml senders.email.${name}.configuration-set: "${set}" is not an SES configuration set name (letters, digits, "_" and "-", at most 64)`,
      );
    } else configurationSets.add(set);
  }

  const smsArns = new Set<string>();
  const smsWithoutArn = new Set<string>();
  for (const sender of Object.values(senders.sms ?? {})) {
    const identity = sender['origination-identity'];
    const arn = identity.startsWith('arn:') ? identity : config.smsOriginationIdentityArns[identity];
    if (arn === undefined) smsWithoutArn.add(identity);
    else smsArns.add(arn);
  }
  for (const mapped of Object.keys(config.smsOriginationIdentityArns)) {
    const known = Object.values(senders.sms ?? {}).some(
      (sender) => sender['origination-identity'] === mapped,
    );
    if (!known) {
      problems.push(
        `context "parcours:smsOriginationIdentityArns" maps "${mapped}", which no SMS sender of parcours.config.yaml uses`,
      );
    }
  }
  if (channels.has('email') && Object.keys(senders.email ?? {}).length === 0) {
    problems.push('scenarios send email, but parcours.config.yaml declares no email sender');
  }

  return {
    plan: {
      channels,
      emailIdentities: [...(config.emailIdentities ?? derivedIdentities)].sort(),
      emailConfigurationSets: [...configurationSets].sort(),
      emailSendersWithoutConfigurationSet: withoutConfigurationSet,
      smsOriginationIdentityArns: [...smsArns].sort(),
      smsIdentitiesWithoutArn: [...smsWithoutArn].sort(),
      pushApplicationIds: [
        ...new Set(
          Object.values(senders.push ?? {}).flatMap((sender) =>
            sender['application-id'] === undefined ? [] : [sender['application-id']],
          ),
        ),
      ].sort(),
      longestWebhookSeconds,
    },
    problems,
  };
}

export function emailAddressOf(from: string): string | undefined {
  const trimmed = from.trim();
  return (ADDRESS_IN_BRACKETS.exec(trimmed) ?? BARE_ADDRESS.exec(trimmed))?.[1];
}
