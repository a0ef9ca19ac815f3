import { PinpointClient } from '@aws-sdk/client-pinpoint';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { PinpointPushChannel } from '../../shared/channels/push.ts';
import { SesEmailChannel } from '../../shared/channels/ses-email.ts';
import { EndUserMessagingSmsChannel } from '../../shared/channels/sms.ts';
import { ManualClock } from '../../shared/clock/clock.ts';
import type { EventEnvelope } from '../../shared/events/envelope.ts';
import { ingestEvents } from '../../shared/ingest/ingest-events.ts';
import type { JourneyInput } from '../../shared/journeys/journey-input.ts';
import { startJourney } from '../../shared/journeys/start-journey.ts';
import { memorySink } from '../../shared/outcomes/outcome-fact.ts';
import type { Profile } from '../../shared/profiles/profile.ts';
import { updateProfile } from '../../shared/profiles/store.ts';
import type { SendDeps } from '../../shared/send/send-context.ts';
import type { StepDeps } from '../../shared/steps/step-context.ts';
import { buildRuntimeBundle } from '../../state-machines/build-runtime-bundle.ts';
import { compileProject } from '../../state-machines/compile-project.ts';
import type { StateMachine } from '../../state-machines/compiler/asl.ts';
import { loadProject } from '../../state-machines/project/load-project.ts';
import { validateProject } from '../../state-machines/validation/validate-project.ts';
import { startDynalite } from './dynalite.ts';
import { EXAMPLES_DIR } from './examples.ts';
import { startLocalSes } from './ses-local.ts';

export const UNSUBSCRIBE_SECRET = 'test-unsubscribe-secret-of-at-least-32-chars';

/**
 * The real pieces a journey's functions use, wired as the Lambdas wire them: dynalite,
 * aws-ses-v2-local behind the real SES v2 client, and SMS and push clients that a test mocks
 * (they have no local stand-in). The clock is manual: the test moves it as the waits would.
 */
export async function startJourneyHarness(start = '2026-11-23T09:00:00Z') {
  const dynamo = await startDynalite();
  const ses = await startLocalSes();
  const { project } = validateProject(await loadProject(EXAMPLES_DIR));
  const compiled = compileProject(project);
  const bundle: RuntimeBundle = await buildRuntimeBundle(project, compiled);
  const clock = new ManualClock(start);
  const smsClient = new PinpointSMSVoiceV2Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const pushClient = new PinpointClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const stepDeps: StepDeps = { store: dynamo.store, bundle, clock };
  /** Every outcome fact the journeys of this harness write. */
  const facts = memorySink();
  const sendDeps: SendDeps = {
    ...stepDeps,
    facts,
    channels: {
      email: new SesEmailChannel(ses.client),
      sms: new EndUserMessagingSmsChannel(smsClient),
      push: new PinpointPushChannel(pushClient),
    },
    unsubscribe: { baseUrl: 'https://links.shop.example', secrets: [UNSUBSCRIBE_SECRET] },
    pushApplicationId: 'push-app',
    smsConfigurationSet: 'parcours-sms',
  };
  const definitionOf = (scenario: string): StateMachine => {
    const found = compiled.find((item) => item.scenario.id === scenario);
    if (found === undefined) throw new Error(`no scenario ${scenario}`);
    return found.compiled.definition;
  };

  /** Starts a journey as the entry function would, returning the execution's input. */
  const enter = async (scenario: string, event: EventEnvelope): Promise<JourneyInput | undefined> => {
    let started: JourneyInput | undefined;
    const outcome = await startJourney(
      { scenario, event },
      {
        store: dynamo.store,
        bundle,
        clock,
        facts,
        startExecution: async ({ input }) => {
          started = input;
        },
      },
    );
    if (outcome.outcome !== 'started') return undefined;
    return started;
  };

  /** Ingests app events as ingest does (goals convert, waits resume), starting no journey. */
  const ingest = (events: readonly EventEnvelope[]) =>
    ingestEvents(events, {
      ...stepDeps,
      facts,
      resumeTask: async () => undefined,
      failTask: async () => undefined,
    });

  /**
   * A customer entered into the onboarding example by their account.created event: the execution's
   * input, and the Task input of any of its states.
   */
  const enterOnboarding = async (profileId: string, detail: Record<string, unknown> = {}) => {
    const input = await enter('saas-onboarding', accountEvent(profileId, detail));
    if (input === undefined) throw new Error(`${profileId} did not enter the onboarding`);
    return { input, taskOf: (state: string) => taskInput(definitionOf('saas-onboarding'), state, input) };
  };

  const seedProfile = (profile: Partial<Profile> & { profileId: string }) =>
    updateProfile(dynamo.store, profile.profileId, (current) => ({ ...current, ...profile }), clock.now());

  return {
    dynamo,
    ses,
    bundle,
    clock,
    smsClient,
    pushClient,
    stepDeps,
    sendDeps,
    facts,
    definitionOf,
    enter,
    enterOnboarding,
    ingest,
    seedProfile,
    stop: async () => {
      smsClient.destroy();
      pushClient.destroy();
      await ses.stop();
      await dynamo.stop();
    },
  };
}

/**
 * The Parameters of a Task state resolved against an execution's input, as Step Functions does
 * for keys ending in ".$": what the function of that state receives.
 */
export function taskInput(
  definition: StateMachine,
  stateName: string,
  input: unknown,
): Record<string, unknown> {
  const state = definition.States[stateName];
  if (state?.Type !== 'Task') throw new Error(`"${stateName}" is not a Task state`);
  return resolve(state.Parameters, input) as Record<string, unknown>;
}

function resolve(template: unknown, input: unknown): unknown {
  if (Array.isArray(template)) return template.map((item) => resolve(item, input));
  if (typeof template !== 'object' || template === null) return template;
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) =>
      key.endsWith('.$') && typeof value === 'string'
        ? [key.slice(0, -2), readPath(input, value)]
        : [key, resolve(value, input)],
    ),
  );
}

function readPath(input: unknown, path: string): unknown {
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter((part) => part !== '')
    .reduce<unknown>(
      (node, part) =>
        typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined,
      input,
    );
}

/** The account.created event that enters a customer into the onboarding example. */
export function accountEvent(profileId: string, detail: Record<string, unknown> = {}): EventEnvelope {
  return {
    id: `evt-account-${encodeURIComponent(profileId)}`,
    source: 'app',
    'detail-type': 'account.created',
    time: '2026-11-23T09:00:00Z',
    detail: { profileId, ...detail },
  };
}

export function cartEvent(
  profileId: string,
  overrides: { id?: string; time?: string; cartId?: string } = {},
): EventEnvelope {
  return {
    id: overrides.id ?? `evt-cart-${profileId}`,
    source: 'shop',
    'detail-type': 'cart.updated',
    time: overrides.time ?? '2026-11-23T09:00:00Z',
    detail: {
      profileId,
      cartId: overrides.cartId ?? `cart-${profileId}`,
      itemCount: 2,
      items: [
        { productId: 'p-1', name: 'Trail shoes', quantity: 1, price: 89.9 },
        { productId: 'p-2', name: 'Running socks', quantity: 2, price: 12.5 },
      ],
    },
  };
}
