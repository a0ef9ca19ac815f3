import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import { buildProject } from '../../../local/platform/project-build.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { JOURNEY_INPUT_LIMIT_BYTES } from '../../../shared/journeys/input-size.ts';
import type { JourneyInput } from '../../../shared/journeys/journey-input.ts';
import type { StartExecution } from '../../../shared/journeys/start-journey.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';
import { appEvent, freshProfileId, recordingTasks } from '../../helpers/ingest-fixtures.ts';
import { useProjectFixtures } from '../../helpers/project-fixture.ts';

/** A scenario whose branch reads a field of its trigger event, which the execution then holds. */
const TICKET_SCENARIO = [
  'id: ticket-follow-up',
  'name: Follow up on support tickets',
  'program: engagement',
  'stage: retention',
  'trigger:',
  '  detail-type: [ticket.closed]',
  'entry:',
  '  reentry: never',
  'steps:',
  '  - id: by-outcome',
  '    branch:',
  '      - when: { event: detail.resolution, equals: refunded }',
  '        label: refunded',
  '        steps:',
  '          - send: email',
  '            template: get-the-app',
  '',
].join('\n');

describe("a journey's execution input", () => {
  const { copyExamples } = useProjectFixtures();
  let dynamo: LocalDynamo;
  let bundle: RuntimeBundle;

  beforeAll(async () => {
    const project = await copyExamples();
    await project.write('ticket-follow-up.yaml', TICKET_SCENARIO);
    ({ bundle } = await buildProject(project.dir));
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  it('is refused at entry, naming the field, when the event fields it copies pass its limit', async () => {
    // Prepare: a ticket whose resolution (read by the branch) an app filled with 255 KB of text,
    // within what an event may hold. StartExecution, refusing an input over 256 KB as Step
    // Functions does, failed at every delivery, and the event was retried without end
    const inputs: JourneyInput[] = [];
    const startExecution: StartExecution = async ({ input }) => {
      const bytes = Buffer.byteLength(JSON.stringify(input));
      if (bytes > 262_144) throw new Error(`ValidationException: input of ${bytes} bytes`);
      inputs.push(input);
    };
    const deps = {
      store: dynamo.store,
      bundle,
      clock: new ManualClock('2026-11-20T12:00:00Z'),
      startExecution,
      ...recordingTasks(),
    };
    const profileId = freshProfileId();
    const ticket = (id: string, resolution: string) =>
      appEvent(profileId, 'ticket.closed', '2026-11-20T11:00:00Z', { ticketId: id, resolution });
    const huge = ticket('t-1', 'r'.repeat(261_900));
    const usual = ticket('t-2', 'refunded');

    // Act
    const report = await ingestEvents([huge, usual], deps);

    // Assess: the event processed, its entry skipped with the reason; the customer, not entered,
    // enters with the next ticket
    expect(report).toMatchObject({ accepted: 2, rejected: [], failed: [] });
    const entries = report.entries.filter((entry) => entry.scenario === 'ticket-follow-up');
    expect(entries).toEqual([
      expect.objectContaining({
        eventId: huge.id,
        outcome: 'skipped',
        reason: 'input-too-large',
        detail: expect.stringMatching(
          /would take 257 KB, over the 128 KB .*the largest detail\.resolution \(256 KB\)$/,
        ),
      }),
      expect.objectContaining({ eventId: usual.id, outcome: 'started' }),
    ]);
    expect(inputs.map((input) => input.event.id)).toEqual([usual.id]);
    expect(JSON.stringify(inputs).length).toBeLessThan(JOURNEY_INPUT_LIMIT_BYTES);
  });
});
