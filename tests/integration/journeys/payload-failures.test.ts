import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmitInput, emitStep, type OutgoingEvent } from '../../../shared/steps/emit.ts';
import { UpdateProfileInput, updateProfileStep } from '../../../shared/steps/update-profile.ts';
import { WebhookInput, webhookStep } from '../../../shared/steps/webhook.ts';
import { startJourneyHarness } from '../../helpers/journey-harness.ts';

let harness: Awaited<ReturnType<typeof startJourneyHarness>>;

beforeAll(async () => {
  harness = await startJourneyHarness();
});
afterAll(async () => harness.stop());

/** Nested loops whose bounds come from the trigger event: past the render's limits for n = 5,000. */
const RUNAWAY =
  '{% for i in (1..event.detail.n) %}{% for j in (1..event.detail.n) %}x{% endfor %}{% endfor %}';

/** The onboarding journey of a customer whose account.created event carries `detail`. */
async function entered(profileId: string, detail: Record<string, unknown>) {
  return (await harness.enterOnboarding(profileId, detail)).taskOf;
}

function publishing() {
  const published: OutgoingEvent[] = [];
  return { published, publish: async (entries: OutgoingEvent[]) => void published.push(...entries) };
}

describe('payload steps given values an app chose', () => {
  it('emit publishes nothing for an event larger than EventBridge takes, and says why', async () => {
    // Prepare: the emitted detail copies a 200 KB field of the trigger event twice
    const { published, publish } = publishing();
    const stateInput = await entered('c-emit-large', { notes: 'n'.repeat(200_000) });
    const task = EmitInput.parse(stateInput('Emit onboarding.completed'));
    const input = {
      ...task,
      event: { ...task.event, detail: { a: '{{ event.detail.notes }}', b: '{{ event.detail.notes }}' } },
    };

    // Act
    const result = await emitStep(input, { ...harness.stepDeps, publish });

    // Assess
    expect(result).toEqual({
      failed: 'the onboarding.completed event would take 391 KB; EventBridge takes at most 256 KB an event',
    });
    expect(published).toEqual([]);
    // The same step with one copy fits, and is published
    const one = await emitStep(
      { ...input, event: { ...input.event, detail: { a: '{{ event.detail.notes }}' } } },
      { ...harness.stepDeps, publish },
    );
    expect(one).toEqual({ emitted: 'onboarding.completed' });
    expect(published).toHaveLength(1);
  });

  it('emit, update-profile and webhook record a render past its limits as failed, and the journey goes on', async () => {
    // Prepare: each step's payload runs the loops; fetch and publish record any call
    const { published, publish } = publishing();
    const calls: string[] = [];
    const fetch: typeof globalThis.fetch = async (url) => {
      calls.push(String(url));
      return new Response(null, { status: 204 });
    };
    const stateInput = await entered('c-runaway', { n: 5_000 });
    const emit = EmitInput.parse(stateInput('Emit onboarding.completed'));
    const update = UpdateProfileInput.parse(stateInput('Update profile onboarding.stage'));
    const webhook = WebhookInput.parse(stateInput('Webhook notify-sales'));

    // Act: each resolves (a throw would fail the whole execution)
    const results = [
      await emitStep(
        { ...emit, event: { ...emit.event, detail: { text: RUNAWAY } } },
        { ...harness.stepDeps, publish },
      ),
      await updateProfileStep({ ...update, update: { set: { text: RUNAWAY } } }, harness.stepDeps),
      await webhookStep(
        { ...webhook, request: { ...webhook.request, body: { text: RUNAWAY } } },
        { ...harness.stepDeps, secret: 'whsec-0123456789abcdef0123456789abcdef', fetch },
      ),
    ];

    // Assess
    const failed = expect.stringMatching(/^saas-onboarding\/.*limit/);
    expect(results).toEqual([{ failed }, { updated: [], failed }, { status: 0, failed }]);
    expect(published).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('webhook refuses a host a value took outside the domain the URL writes out, calling nothing', async () => {
    // Prepare: a URL validate now refuses (| raw in the host), as a bundle from before would hold
    // it, and a tenant trait any app may set, which ends the host early
    const calls: string[] = [];
    const fetch: typeof globalThis.fetch = async (url) => {
      calls.push(String(url));
      return new Response(null, { status: 204 });
    };
    await harness.seedProfile({
      profileId: 'c-tenant',
      attributes: { tenant: 'collect.attacker.example/x?' },
    });
    const webhook = WebhookInput.parse((await entered('c-tenant', {}))('Webhook notify-sales'));
    const url = 'https://{{ profile.tenant | raw }}.crm.example.com/hooks/parcours';

    // Act
    const result = await webhookStep(
      { ...webhook, request: { ...webhook.request, url } },
      { ...harness.stepDeps, secret: 'whsec-0123456789abcdef0123456789abcdef', fetch },
    );

    // Assess: recorded as failed, naming the domain and not the value; the signed call never left
    expect(result).toEqual({ status: 0, failed: expect.stringMatching(/not under crm\.example\.com/) });
    expect(result.failed).not.toContain('attacker');
    expect(calls).toEqual([]);
  });
});
