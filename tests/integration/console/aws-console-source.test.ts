import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  type StartQueryCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ConsoleSite, consoleAnswer } from '../../../local/console/console-router.ts';
import { startConsoleServer } from '../../../local/console/console-server.ts';
import { awsConsoleSource } from '../../../local/console/sources/aws/aws-source.ts';
import type { DeployedStack } from '../../../local/console/sources/aws/deployed-stack.ts';
import { withFactsFolder } from '../../../local/outcomes/fact-outcomes.ts';
import { FACTS_FOLDER, fileSink } from '../../../local/outcomes/file-sink.ts';
import type { JourneyInput } from '../../../shared/journeys/journey-input.ts';
import { versionDescription } from '../../../shared/journeys/state-machine-names.ts';
import { SendInput } from '../../../shared/send/send-input.ts';
import { sendStep } from '../../../shared/send/send-step.ts';
import { compileProject } from '../../../state-machines/compile-project.ts';
import { loadProject } from '../../../state-machines/project/load-project.ts';
import { validateProject } from '../../../state-machines/validation/validate-project.ts';
import { CONSOLE_COMMAND_ACTIONS } from '../../helpers/console-aws-actions.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';
import { cartEvent, startJourneyHarness, taskInput } from '../../helpers/journey-harness.ts';

/**
 * The console over a deployment: the table is a real dynalite written by the real functions,
 * the outcome SQL runs on DuckDB (Athena runs the same files), and Step Functions and Logs
 * Insights, which have no local stand-in, answer through aws-sdk-client-mock as AWS documents.
 */
const STACK: DeployedStack = {
  name: 'Parcours',
  tableName: 'parcours-test',
  partition: 'aws',
  region: 'eu-west-1',
  account: '123456789012',
};
const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Parcours-abandoned-cart';
const HOUR = 3_600_000;

let harness: Awaited<ReturnType<typeof startJourneyHarness>>;
let folder: string;
let site: ConsoleSite;
let execution: string;
let version: string;
let miaInput: JourneyInput;
const sfn = mockClient(SFNClient);
const logs = mockClient(CloudWatchLogsClient);
/** Every command the console sent to DynamoDB, through the client's own middleware. */
const dynamoCommands: string[] = [];
/** Every command the console sent to Step Functions and CloudWatch Logs, across the tests. */
const awsCommands: string[] = [];
/** The Logs Insights queries the console ran, by their text. */
const queries: string[] = [];

const get = async (path: string) => {
  const answer = await consoleAnswer(site, new URL(path, 'http://127.0.0.1'));
  if (answer === undefined) throw new Error(`${path} is not a console path`);
  return { ...answer, text: answer.body.toString() };
};

/** Logs Insights rows as the service hands them: a list of field and value pairs. */
const insightsRows = (rows: Record<string, string>[]) =>
  rows.map((row) => Object.entries(row).map(([field, value]) => ({ field, value })));

/** What the journey log holds: mia converted after her SMS step; leo waits a day; ivy ended before. */
function insightsAnswer(query: string): Record<string, string>[] {
  if (query.includes('journey in ['))
    return [
      { state: 'Wait 1 hour', entered: '1' },
      { state: 'Email cart-reminder', entered: '1' },
    ];
  if (query.includes('filter current = "Wait 1 day"'))
    return [{ execution_arn: `${MACHINE.replace('stateMachine', 'execution')}:leo`, current: 'Wait 1 day' }];
  if (query.includes('stats count(*) as waiting by current'))
    return [{ current: 'Wait 1 day', waiting: '1' }];
  if (query.includes('stats count(*) as entered by state'))
    return [
      { state: 'Wait 1 hour', entered: '3' },
      { state: 'Email cart-reminder', entered: '3' },
      { state: 'Wait 1 day', entered: '1' },
    ];
  return [];
}

function historyOf(startedAt: Date): HistoryEvent[] {
  const at = (ms: number) => new Date(startedAt.getTime() + ms);
  return [
    { id: 1, type: 'ExecutionStarted', timestamp: at(0) },
    { id: 2, type: 'WaitStateEntered', timestamp: at(10), stateEnteredEventDetails: { name: 'Wait 1 hour' } },
    {
      id: 3,
      type: 'TaskStateEntered',
      timestamp: at(HOUR),
      stateEnteredEventDetails: { name: 'Email cart-reminder' },
    },
    {
      id: 4,
      type: 'WaitStateEntered',
      timestamp: at(HOUR + 900),
      stateEnteredEventDetails: { name: 'Wait 1 day' },
    },
    {
      id: 5,
      type: 'TaskStateEntered',
      timestamp: at(25 * HOUR),
      stateEnteredEventDetails: { name: 'Check sms-relaunch' },
    },
    {
      id: 6,
      type: 'ChoiceStateEntered',
      timestamp: at(25 * HOUR + 5),
      stateEnteredEventDetails: { name: 'Branch sms-relaunch' },
    },
    {
      id: 7,
      type: 'TaskStateEntered',
      timestamp: at(25 * HOUR + 9),
      stateEnteredEventDetails: { name: 'SMS cart-sms' },
    },
    { id: 8, type: 'ExecutionSucceeded', timestamp: at(25 * HOUR + 400) },
  ];
}

beforeAll(async () => {
  harness = await startJourneyHarness();
  harness.dynamo.client.middlewareStack.add(
    (next, context) => (args) => {
      dynamoCommands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  // Mia opted in to SMS but has no phone number: the email goes, the SMS is skipped with its reason.
  await harness.seedProfile({
    profileId: 'mia',
    email: 'mia@example.com',
    attributes: { firstName: 'Mia' },
    consents: { sms: 'opted-in', topics: {} },
  });
  const definition = harness.definitionOf('abandoned-cart');
  const input = await harness.enter('abandoned-cart', cartEvent('mia'));
  if (input === undefined) throw new Error('the journey did not start');
  execution = input.journey.execution;
  miaInput = input;
  version = input.journey.version ?? '';
  harness.clock.advance(HOUR);
  await sendStep(SendInput.parse(taskInput(definition, 'Email cart-reminder', input)), harness.sendDeps);
  harness.clock.advance(24 * HOUR);
  await sendStep(SendInput.parse(taskInput(definition, 'SMS cart-sms', input)), harness.sendDeps);
  await harness.ingest([
    {
      id: 'evt-order-mia',
      source: 'shop',
      'detail-type': 'order.placed',
      time: harness.clock.now().toISOString(),
      detail: { profileId: 'mia', total: 114.9 },
    },
  ]);

  folder = await mkdtemp(join(tmpdir(), 'parcours-aws-console-'));
  await fileSink(folder, harness.clock).append(harness.facts.facts);
  const { project } = validateProject(await loadProject(EXAMPLES_DIR));
  const source = awsConsoleSource({
    stack: STACK,
    scenarios: compileProject(project),
    bundle: harness.bundle,
    store: harness.dynamo.store,
    facts: (sql, parameters) =>
      withFactsFolder(join(folder, FACTS_FOLDER), (duck) => duck.run(sql, parameters)),
    sfn: new SFNClient({ region: 'eu-west-1' }),
    logs: new CloudWatchLogsClient({ region: 'eu-west-1' }),
    now: () => harness.clock.now(),
    sleep: async () => undefined,
  });
  site = { live: source };
  // What the functions wrote above is theirs; from here on, only the console's reads count.
  dynamoCommands.length = 0;
}, 60_000);

afterAll(async () => {
  await harness.stop();
  await rm(folder, { recursive: true, force: true });
});

afterEach(() => {
  for (const call of [...sfn.calls(), ...logs.calls()]) awsCommands.push(call.args[0].constructor.name);
});

beforeEach(() => {
  sfn.reset();
  logs.reset();
  const started = new Date('2026-11-23T09:00:00Z');
  sfn.on(ListExecutionsCommand).resolves({
    executions: [
      ...[execution, 'leo'].map((name) => ({
        executionArn: `${MACHINE.replace('stateMachine', 'execution')}:${name}`,
        stateMachineArn: MACHINE,
        name,
        status: name === 'leo' ? ('RUNNING' as const) : ('SUCCEEDED' as const),
        startDate: started,
        stateMachineVersionArn: `${MACHINE}:2`,
      })),
      ...['ivy'].map((name, index) => ({
        executionArn: `${MACHINE.replace('stateMachine', 'execution')}:${name}`,
        stateMachineArn: MACHINE,
        name,
        status: 'SUCCEEDED' as const,
        startDate: new Date(started.getTime() - (index + 1) * 24 * HOUR),
        stopDate: started,
        stateMachineVersionArn: `${MACHINE}:1`,
      })),
    ],
  });
  sfn
    .on(DescribeStateMachineCommand, { stateMachineArn: `${MACHINE}:2` })
    .resolves({ description: versionDescription('Abandoned cart', version) })
    .on(DescribeStateMachineCommand, { stateMachineArn: `${MACHINE}:1` })
    .resolves({ description: 'Abandoned cart: published by the Parcours deploy' });
  // Each listed journey's input, as ingest starts it: mia's, under the name of its customer.
  sfn.on(DescribeExecutionCommand).callsFake(async ({ executionArn }: { executionArn: string }) => {
    const name = executionArn.split(':').at(-1) ?? '';
    return {
      input: JSON.stringify({
        ...miaInput,
        journey: { ...miaInput.journey, profileId: name, execution: name },
      }),
    };
  });
  sfn.on(GetExecutionHistoryCommand).resolves({ events: historyOf(started) });
  let next = 0;
  const answers = new Map<string, { rows: Record<string, string>[]; polls: number }>();
  logs.on(StartQueryCommand).callsFake(async (input: StartQueryCommandInput) => {
    const queryId = `q${next++}`;
    queries.push(input.queryString ?? '');
    answers.set(queryId, { rows: insightsAnswer(input.queryString ?? ''), polls: 0 });
    return { queryId };
  });
  logs.on(GetQueryResultsCommand).callsFake(async ({ queryId }: { queryId: string }) => {
    const answer = answers.get(queryId);
    if (answer === undefined) throw new Error(`no query ${queryId}`);
    answer.polls += 1;
    // Each query runs a poll before it completes, as Logs Insights does.
    return answer.polls < 2
      ? { status: 'Running' }
      : { status: 'Complete', results: insightsRows(answer.rows) };
  });
});

describe('the console over a deployed stack', () => {
  it("shows a scenario's per-state counts from its log, its versions and who waits where", async () => {
    const scenario = await get('/console/scenarios/abandoned-cart');
    expect(scenario.status).toBe(200);
    const row = (state: string) =>
      new RegExp(`<tr data-state="${state}">[\\s\\S]*?</tr>`).exec(scenario.text)?.[0] ?? '';
    expect(row('Wait 1 day')).toMatch(/class="number waiting"><a href="[^"]+\?state=Wait%201%20day">1<\/a>/);
    expect(row('Email cart-reminder')).toContain('<td class="number entered">3</td>');
    // mia converted: the conversion facts name her journey, and its log places it
    expect(row('Email cart-reminder')).toContain('<td class="number converted">1</td>');
    expect(row('Wait 1 day')).toContain('<td class="number converted">0</td>');
    expect(queries.find((query) => query.includes('journey in ['))).toContain(`"${execution}"`);
    expect(row('Email cart-reminder')).toContain('<td class="number sent">1</td>');
    expect(scenario.text).toContain(`<code>${version.slice(0, 12)}</code></a> (current)`);
    expect(scenario.text).toContain('<code>v1</code>');

    const waiting = await get('/console/scenarios/abandoned-cart/journeys?state=Wait%201%20day');
    expect(waiting.text).toContain('href="/console/customers/leo"');
    expect(waiting.text).not.toContain('href="/console/customers/mia"');
    expect(sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(1);
  });

  it('reads the same answers again for a minute, then asks anew', async () => {
    await get('/console/scenarios/abandoned-cart');
    const asked = logs.commandCalls(StartQueryCommand).length;
    await get('/console/scenarios/abandoned-cart');
    expect(logs.commandCalls(StartQueryCommand)).toHaveLength(asked);
    harness.clock.advance(61_000);
    await get('/console/scenarios/abandoned-cart');
    expect(logs.commandCalls(StartQueryCommand).length).toBeGreaterThan(asked);
  });

  it("answers why mia got no SMS: her journey's states from its history, the skip's reason from the table", async () => {
    const customer = await get('/console/customers/mia');
    expect(customer.status).toBe(200);
    expect(customer.text).toContain('✓ sent email cart-email');
    expect(customer.text).toContain('the profile has no phone number');
    expect(customer.text).toMatch(
      /Wait 1 hour[\s\S]*Email cart-reminder[\s\S]*Wait 1 day[\s\S]*SMS cart-sms/,
    );
    expect(customer.text).toContain('keeps no copy of a message it sent');
    expect(customer.text).toContain('converted');
    expect(customer.text).not.toContain('mia@example.com');
    expect(sfn.commandCalls(GetExecutionHistoryCommand)[0]?.args[0].input).toMatchObject({
      executionArn: `arn:aws:states:eu-west-1:123456789012:execution:Parcours-abandoned-cart:${execution}`,
      includeExecutionData: false,
    });
  });

  it('measures the programs with the outcome SQL, and says that sent messages are not kept', async () => {
    const programs = await get('/console/');
    expect(programs.status).toBe(200);
    expect(programs.text).toContain('AWS stack Parcours (eu-west-1)');
    expect(programs.text).toMatch(/abandoned-cart/);
    const messages = await get('/console/messages');
    expect(messages.text).toContain('keeps no copy of a message it sent');
    expect((await get('/console/rejected')).status).toBe(200);
    const audience = await get('/console/audience/vip');
    expect(audience.status).toBe(200);
    // The table holds one profile, mia's, and her 114.90 of orders keep her out of the VIPs.
    expect(audience.text).toContain('<tr><th>Customers</th><td class="number">1</td></tr>');
    expect(audience.text).toContain('<td class="number members">0</td>');
  });

  it('counts nothing for a scenario whose log group does not exist yet', async () => {
    logs.on(StartQueryCommand).rejects(
      Object.assign(new Error('The specified log group does not exist.'), {
        name: 'ResourceNotFoundException',
      }),
    );
    harness.clock.advance(61_000);
    const scenario = await get('/console/scenarios/browse-abandonment');
    expect(scenario.status).toBe(200);
    expect(scenario.text).not.toContain('class="number waiting"><a');
  });

  it('names the missing permission when the credentials may not query the logs', async () => {
    logs
      .on(StartQueryCommand)
      .rejects(
        Object.assign(
          new Error(
            'User: arn:aws:iam::123456789012:user/marketer is not authorized to perform: logs:StartQuery',
          ),
          { name: 'AccessDeniedException' },
        ),
      );
    harness.clock.advance(61_000);
    const server = await startConsoleServer(site, { port: 0, host: '127.0.0.1' });
    try {
      const page = await fetch(`${server.url}scenarios/abandoned-cart`);
      expect(page.status).toBe(503);
      expect(await page.text()).toBe(
        "The console could not read its data: User: arn:aws:iam::123456789012:user/marketer is not authorized to perform: logs:StartQuery (the stack's ConsoleReader policy, its ConsoleReaderPolicy output, grants what the console reads)\n",
      );
    } finally {
      await server.close();
    }
  });

  it('sends only the commands the ConsoleReader policy grants', () => {
    const sent = [...awsCommands, ...dynamoCommands];
    expect(new Set(awsCommands)).toEqual(
      new Set([
        'ListExecutionsCommand',
        'DescribeStateMachineCommand',
        'DescribeExecutionCommand',
        'GetExecutionHistoryCommand',
        'StartQueryCommand',
        'GetQueryResultsCommand',
      ]),
    );
    expect(new Set(dynamoCommands)).toEqual(new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand']));
    for (const command of new Set(sent)) expect(CONSOLE_COMMAND_ACTIONS, command).toHaveProperty(command);
    expect(queries.some((query) => query.includes('stats count(*) as entered by state'))).toBe(true);
  });
});

describe('the console over a deployed stack, on a long wait', () => {
  it('says how many running journeys the log no longer places on a state', async () => {
    logs.on(StartQueryCommand).callsFake(async () => ({ queryId: 'empty' }));
    logs.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
    harness.clock.advance(61_000);
    const scenario = await get('/console/scenarios/abandoned-cart');
    expect(scenario.text).toContain('1 running journeys entered their state before the oldest line');
    // Step Functions still lists leo as running, whatever the log holds.
    expect(scenario.text).toContain('3 journeys, 1 running now');
  });

  it('fails a query that Logs Insights ends in failure, naming it', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-failed' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Failed' });
    harness.clock.advance(61_000);
    await expect(get('/console/scenarios/abandoned-cart')).rejects.toThrow(
      /q-failed on \/aws\/vendedlogs\/states\/Parcours-abandoned-cart ended Failed/,
    );
  });
});
