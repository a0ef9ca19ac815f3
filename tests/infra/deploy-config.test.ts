import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  DeployConfigError,
  DeployConfigSchema,
  parseDeployConfig,
} from '../../infra/config/deploy-config.ts';
import { PROJECT_ROOT, prepareDeployment } from '../../infra/config/deployment.ts';
import { emailAddressOf, planMessaging } from '../../infra/config/messaging-plan.ts';
import { loadDeployableProject } from '../../infra/config/project.ts';

async function problemsOf(action: () => unknown): Promise<readonly string[]> {
  try {
    await action();
  } catch (error) {
    if (error instanceof DeployConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a DeployConfigError');
}

async function cdkJsonContext(): Promise<Record<string, unknown>> {
  const cdkJson = z
    .object({ app: z.string(), context: z.record(z.string(), z.unknown()) })
    .parse(JSON.parse(await readFile(join(PROJECT_ROOT, 'cdk.json'), 'utf8')));
  expect(cdkJson.app).toBe('node --import tsx infra/bin/app.ts');
  return cdkJson.context;
}

describe('deployment settings (cdk.json context)', () => {
  it('defaults to an offline synth: a placeholder account, eu-west-1, the default bus', () => {
    const config = parseDeployConfig({});
    expect(config).toEqual(
      expect.objectContaining({
        account: '123456789012',
        region: 'eu-west-1',
        stackName: 'Parcours',
        eventBusName: 'default',
        eventBusExists: false,
        logRetentionDays: 30,
        tableDeletionProtection: true,
        nag: true,
      }),
    );
  });

  it('ships a cdk.json whose parcours: context is valid and says what the defaults say', async () => {
    // Prepare
    const context = await cdkJsonContext();

    // Act
    const fromCdkJson = parseDeployConfig(context);

    // Assess
    expect(fromCdkJson).toEqual(parseDeployConfig({}));
    const keys = Object.keys(context).filter((key) => key.startsWith('parcours:'));
    expect(keys.length).toBeGreaterThan(8);
  });

  it('reads `-c key=value` strings as booleans, numbers, lists and JSON maps', () => {
    const config = parseDeployConfig({
      'parcours:tableDeletionProtection': 'false',
      'parcours:logRetentionDays': '90',
      'parcours:emailIdentities': 'shop.example, news.shop.example',
      'parcours:smsOriginationIdentityArns':
        '{"+15550100":"arn:aws:sms-voice:eu-west-1:123456789012:pool/pool-1"}',
    });
    expect(config.tableDeletionProtection).toBe(false);
    expect(config.logRetentionDays).toBe(90);
    expect(config.emailIdentities).toEqual(['shop.example', 'news.shop.example']);
    expect(config.smsOriginationIdentityArns).toEqual({
      '+15550100': 'arn:aws:sms-voice:eu-west-1:123456789012:pool/pool-1',
    });
  });

  it('lists every invalid setting at once, naming its key and what it expects', async () => {
    // Act
    const problems = await problemsOf(() =>
      parseDeployConfig({
        'parcours:account': '1234',
        'parcours:region': 'europe',
        'parcours:logRetentionDays': 42,
        'parcours:alarmTopicArn': 'on-call',
        'parcours:evntBusName': 'typo',
        'other:key': 'ignored',
      }),
    );

    // Assess
    expect(problems).toEqual(
      expect.arrayContaining([
        'context "parcours:account" = "1234": expected a 12-digit AWS account id',
        'context "parcours:region" = "europe": expected a region such as "eu-west-1"',
        expect.stringMatching(
          /^context "parcours:logRetentionDays" = 42: CloudWatch Logs keeps logs for one of 1, 3, 5/,
        ),
        'context "parcours:alarmTopicArn" = "on-call": expected an ARN ("arn:aws:…")',
        expect.stringMatching(/^unknown context "parcours:evntBusName" \(known: account, region, /),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('reserves concurrency for the public unsubscribe endpoint by default, and for ingest and send when asked', async () => {
    // Act
    const defaults = parseDeployConfig({});
    const chosen = parseDeployConfig({
      'parcours:unsubscribeReservedConcurrency': '25',
      'parcours:ingestReservedConcurrency': '50',
      'parcours:sendReservedConcurrency': 40,
    });
    const problems = await problemsOf(() =>
      parseDeployConfig({
        'parcours:unsubscribeReservedConcurrency': '0',
        'parcours:sendReservedConcurrency': 'lots',
      }),
    );

    // Assess
    expect(defaults).toMatchObject({ unsubscribeReservedConcurrency: 10 });
    expect(defaults.ingestReservedConcurrency).toBeUndefined();
    expect(defaults.sendReservedConcurrency).toBeUndefined();
    expect(chosen).toMatchObject({
      unsubscribeReservedConcurrency: 25,
      ingestReservedConcurrency: 50,
      sendReservedConcurrency: 40,
    });
    expect(problems).toEqual([
      'context "parcours:unsubscribeReservedConcurrency" = "0": at least 1 (0 would stop the function)',
      expect.stringMatching(/^context "parcours:sendReservedConcurrency" = "lots": /),
    ]);
  });

  it('documents every key', () => {
    for (const [key, schema] of Object.entries(DeployConfigSchema.shape)) {
      expect(schema.description, key).toMatch(/.{10,}/);
    }
  });
});

describe('the project, validated at synth time', () => {
  it('refuses a project with violations, listing each with its file and path', async () => {
    // Prepare: the examples with a typo in a template name.
    const dir = await mkdtemp(join(tmpdir(), 'parcours-project-'));
    try {
      await cp(join(PROJECT_ROOT, 'scenarios'), dir, { recursive: true });
      const file = join(dir, 'abandoned-cart.yaml');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('template: cart-reminder', 'template: cart-remindr'),
      );

      // Act
      const problems = await problemsOf(() => loadDeployableProject(dir));

      // Assess
      expect(problems).toEqual([
        expect.stringMatching(/abandoned-cart\.yaml:steps\[1\]\.template: unknown template "cart-remindr"/),
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the context key when the project folder does not exist', async () => {
    const problems = await problemsOf(() =>
      prepareDeployment({ context: { 'parcours:projectDir': 'no-such-folder' }, bundleDir: tmpdir() }),
    );
    expect(problems).toEqual([expect.stringContaining('(set it with the context "parcours:projectDir")')]);
  });

  it('derives the SES identities, configuration sets and SMS identities from parcours.config.yaml', async () => {
    // Prepare
    const { project, scenarios } = await loadDeployableProject(join(PROJECT_ROOT, 'scenarios'));

    // Act
    const { plan, problems } = planMessaging(project, scenarios, parseDeployConfig({}));

    // Assess
    expect(problems).toEqual([]);
    expect(plan.channels).toEqual(new Set(['email', 'sms', 'push']));
    expect(plan.emailIdentities).toEqual(['camille@shop.example', 'hello@shop.example', 'shop.example']);
    expect(plan.emailConfigurationSets).toEqual(['parcours']);
    expect(plan.emailSendersWithoutConfigurationSet).toEqual(['success']);
    expect(plan.smsIdentitiesWithoutArn).toEqual(['+15550100']);
    expect(plan.longestWebhookSeconds).toBeGreaterThan(0);
  });

  it('reports a sender address it cannot read and an SMS mapping no sender uses', async () => {
    // Prepare
    const { project, scenarios } = await loadDeployableProject(join(PROJECT_ROOT, 'scenarios'));
    const broken = {
      ...project,
      config: {
        ...project.config,
        senders: { ...project.config.senders, email: { default: { from: 'Parcours Shop' } } },
      },
    };

    // Act
    const { problems } = planMessaging(
      broken,
      scenarios,
      parseDeployConfig({ 'parcours:smsOriginationIdentityArns': { '+15559999': 'arn:aws:sms-voice:x' } }),
    );

    // Assess
    expect(problems).toEqual([
      'parcours.config.yaml senders.email.default.from: "Parcours Shop" holds no email address (expected "Name <user@domain>" or "user@domain")',
      'context "parcours:smsOriginationIdentityArns" maps "+15559999", which no SMS sender of parcours.config.yaml uses',
    ]);
  });

  it('reads the address of a sender written with or without a display name', () => {
    expect(emailAddressOf('Parcours Shop <hello@shop.example>')).toBe('hello@shop.example');
    expect(emailAddressOf('hello@shop.example')).toBe('hello@shop.example');
    expect(emailAddressOf('Parcours Shop')).toBeUndefined();
  });
});
