import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { StepFunction } from '../../state-machines/compiler/resources.ts';
import { functionAssetHash, sourceFingerprint } from '../bundle/source-fingerprint.ts';
import {
  FUNCTION_NAMES,
  type FunctionName,
  readsRuntimeBundle,
  STEP_FUNCTION_FOLDERS,
  TABLE_ACCESS,
} from './function-catalogue.ts';
import type { JourneyStateMachine } from './journey-state-machine.ts';
import type { ParcoursMessaging } from './messaging.ts';
import { ParcoursFunction } from './parcours-function.ts';

/** The functions that send messages: the send step, and a broadcast's batches of a newsletter. */
export const SENDERS = ['send', 'deliver'] as const satisfies readonly FunctionName[];

/** The functions that start journeys: ingest for events, a broadcast's batches and the sweep for the clock. */
const JOURNEY_STARTERS = ['ingest', 'deliver', 'sweep'] as const satisfies readonly FunctionName[];

/** The functions that resume waiting journeys: those that apply events (a sweep applies transitions). */
const RESUMERS = ['ingest', 'delivery-events', 'sweep'] as const satisfies readonly FunctionName[];

const DESCRIPTIONS: Readonly<Record<FunctionName, string>> = {
  ingest: 'Applies app events (profiles, aggregates, goals, waits), then starts the journeys they trigger',
  'delivery-events': 'SES and SMS delivery events: suppressions and email/sms events',
  check: 'Loads the non-personal facts a Choice state reads',
  schedule: "Computes when a journey wakes in the customer's time zone",
  send: 'Sends one message of one step, with consent, caps and quiet hours',
  'wait-for': 'Stores the task token of a journey waiting for an event',
  'update-profile': 'Changes profile attributes for a journey step',
  emit: 'Publishes an event for a journey step',
  webhook: 'Calls a signed HTTPS webhook for a journey step',
  unsubscribe: 'One-click unsubscribe endpoint (function URL)',
  audience: "Exports a broadcast's audience to S3, wave by wave, and paces it under the SES send rate",
  deliver: 'Enters one batch of a broadcast (and sends a newsletter) at its pace',
  sweep: 'Sweeps one scan segment of the customers: segments time moves, and the journeys they start',
};

/**
 * What a function needs beyond the defaults: the webhook outlives the longest webhook; the audience
 * export scans the table (a few seconds per 100,000 profiles) and holds the audience's ids; a batch
 * paces its sends for up to the Lambda maximum, and the state machine retries what is left.
 */
function sizing(name: FunctionName, webhookSeconds: number): { timeout?: Duration; memorySize?: number } {
  switch (name) {
    case 'webhook':
      return { timeout: Duration.seconds(Math.max(30, webhookSeconds)) };
    case 'audience':
      return { timeout: Duration.minutes(15), memorySize: 1769 };
    case 'deliver':
    case 'sweep':
      return { timeout: Duration.minutes(15) };
    default:
      return {};
  }
}

export interface ParcoursFunctionsProps {
  readonly projectRoot: string;
  /** The runtime bundle file written before synth. */
  readonly runtimeBundlePath: string;
  readonly table: dynamodb.ITable;
  /** The bus emit and unsubscribe publish to. */
  readonly eventBus: events.IEventBus;
  readonly messaging: ParcoursMessaging;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /**
   * A hash of the bundles' sources, so an unchanged function is not bundled again.
   * @default - computed from projectRoot (infra/bundle/source-fingerprint.ts)
   */
  readonly sourceFingerprint?: string;
  /**
   * The longest webhook timeout of any scenario: the webhook function outlives it by 15 s.
   * @default Duration.seconds(10)
   */
  readonly longestWebhook?: Duration;
  /**
   * Reserved concurrency per function: both a share of the account's concurrency that nothing
   * else can take and a ceiling the function cannot pass.
   * @default - none reserved: the function draws on the account's unreserved pool
   */
  readonly reservedConcurrency?: Readonly<Partial<Record<FunctionName, number | undefined>>>;
}

/**
 * The thirteen Lambdas, each with only what its code uses: its table operations, its secret, the
 * bus it publishes to, the identities it sends from. Permissions that depend on the journeys
 * (starting them, resuming them) are added by bindJourneys once the state machines exist.
 */
export class ParcoursFunctions extends Construct {
  readonly #byName: ReadonlyMap<FunctionName, ParcoursFunction>;
  readonly webhookSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ParcoursFunctionsProps) {
    super(scope, id);
    const webhookSeconds = (props.longestWebhook ?? Duration.seconds(10)).toSeconds() + 15;
    const fingerprint = props.sourceFingerprint ?? sourceFingerprint(props.projectRoot);
    const create = (name: FunctionName): ParcoursFunction => {
      const bundle = readsRuntimeBundle(name) ? props.runtimeBundlePath : undefined;
      const fn = new ParcoursFunction(this, pascalCase(name), {
        name,
        assetHash: functionAssetHash(fingerprint, name, bundle),
        description: DESCRIPTIONS[name],
        projectRoot: props.projectRoot,
        ...(bundle === undefined ? {} : { runtimeBundlePath: bundle }),
        ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
        ...sizing(name, webhookSeconds),
        reservedConcurrency: props.reservedConcurrency?.[name],
      });
      if (TABLE_ACCESS[name].length > 0) fn.bindTable(props.table, TABLE_ACCESS[name]);
      return fn;
    };
    this.#byName = new Map(FUNCTION_NAMES.map((name) => [name, create(name)]));

    for (const publisher of [this.get('emit'), this.get('unsubscribe')]) {
      publisher.function.addEnvironment('EVENT_BUS_NAME', props.eventBus.eventBusName);
      props.eventBus.grantPutEventsTo(publisher.function);
    }
    for (const sender of SENDERS.map((name) => this.get(name).function)) {
      props.messaging.grantSend(sender);
      if (props.messaging.pushApplicationId !== undefined) {
        sender.addEnvironment('PUSH_APPLICATION_ID', props.messaging.pushApplicationId);
      }
      if (props.messaging.smsConfigurationSet !== undefined) {
        // Ref of an SMS configuration set is its name, which SendTextMessage takes.
        sender.addEnvironment('SMS_CONFIGURATION_SET', props.messaging.smsConfigurationSet.ref);
      }
    }

    this.webhookSecret = signingSecret(
      this,
      'WebhookSecret',
      'signs the webhook requests of journeys',
      'the signature receivers verify on requests still being retried, until each receiver updates its copy',
    );
    const webhook = this.get('webhook').function;
    webhook.addEnvironment('WEBHOOK_SECRET_ARN', this.webhookSecret.secretArn);
    grantSecretValue(this.webhookSecret, webhook);
  }

  get(name: FunctionName): ParcoursFunction {
    const fn = this.#byName.get(name);
    if (fn === undefined) throw new Error(`no function "${name}"`);
    return fn;
  }

  all(): ParcoursFunction[] {
    return [...this.#byName.values()];
  }

  /**
   * The version of this deployment of the function behind each ASL placeholder
   * (STEP_FUNCTION_FOLDERS). A state machine version calls the function versions published with
   * it, which carry the runtime bundle of that deployment: a journey runs every step with the
   * scenario, steps and templates it started on, whatever was deployed since. Versions are kept
   * (RETAIN), since the state machine versions that call them are.
   */
  stepFunctions(): Record<StepFunction, lambda.IVersion> {
    const fn = (step: StepFunction) => this.get(STEP_FUNCTION_FOLDERS[step]).function.currentVersion;
    return {
      send: fn('send'),
      check: fn('check'),
      schedule: fn('schedule'),
      waitFor: fn('waitFor'),
      updateProfile: fn('updateProfile'),
      emit: fn('emit'),
      webhook: fn('webhook'),
    };
  }

  /**
   * Lets the functions that start journeys (JOURNEY_STARTERS: ingest for events, a broadcast's
   * batches and the sweep for the clock) start executions on each journey's alias only (found
   * from `aliasArnTemplate`), and those that apply events (RESUMERS) resume waiting journeys of
   * these state machines.
   */
  bindJourneys(journeys: readonly JourneyStateMachine[], aliasArnTemplate: string): void {
    const starters = JOURNEY_STARTERS.map((name) => this.get(name).function);
    for (const starter of starters) {
      // Set even without scenarios: the function checks its configuration at every cold start.
      starter.addEnvironment('STATE_MACHINE_ALIAS_ARN', aliasArnTemplate);
    }
    if (journeys.length === 0) return;
    for (const starter of starters) {
      starter.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['states:StartExecution'],
          resources: journeys.map((journey) => journey.aliasArn),
        }),
      );
    }
    for (const resumer of RESUMERS.map((name) => this.get(name))) {
      resumer.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
          resources: journeys.map((journey) => journey.stateMachine.stateMachineArn),
        }),
      );
    }
  }
}

/**
 * A 64-character random key in Secrets Manager (encrypted with its AWS managed key), kept when the
 * stack is deleted: what was signed with it must keep verifying.
 */
export function signingSecret(
  scope: Construct,
  id: string,
  purpose: string,
  stillInUse: string,
): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, id, {
    description: `Parcours: ${purpose}`,
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: `This key ${purpose}. A scheduled rotation would invalidate ${stillInUse}, so it has none: rotating it is a deliberate change (put a new value, then redeploy or wait for new cold starts, which read it; the unsubscribe key may hold the previous key on a second line, see the README).`,
  });
  return secret;
}

/** GetSecretValue on this one secret: what readSecret in functions/kit calls, nothing more. */
export function grantSecretValue(secret: secretsmanager.ISecret, grantee: iam.IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
  );
}

function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
