import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import * as z from 'zod';
import type { Deployment } from '../../infra/config/deployment.ts';
import { createParcoursApp, type ParcoursStack } from '../../infra/parcours-stack.ts';

export type Synthesized = {
  readonly stack: ParcoursStack;
  readonly deployment: Deployment;
  readonly template: Template;
  readonly outdir: string;
  readonly cleanUp: () => Promise<void>;
};

export type SynthOptions = {
  /** Run esbuild for every function (slow); otherwise CDK skips bundling. @default false */
  readonly bundling?: boolean;
  /** Run CDK's built-in CloudFormation validation (about 9 s). @default false */
  readonly validation?: boolean;
  readonly context?: Readonly<Record<string, unknown>>;
};

/** The example project synthesized the way `cdk synth` does, into a temporary cloud assembly. */
export async function synthesizeExamples(options: SynthOptions = {}): Promise<Synthesized> {
  const outdir = await mkdtemp(join(tmpdir(), 'parcours-cdk-'));
  const { stack, deployment } = await createParcoursApp({
    outdir,
    builtinCloudFormationValidation: options.validation ?? false,
    context: {
      // cdk-nag runs in its own test, through validateScope, so each finding can be asserted.
      'parcours:nag': false,
      ...(options.bundling === true ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const template = Template.fromStack(stack);
  return { stack, deployment, template, outdir, cleanUp: () => rm(outdir, { recursive: true, force: true }) };
}

/** The logical id CloudFormation knows a construct's resource by. */
export function logicalIdOf(construct: IConstruct): string {
  const element = construct instanceof CfnElement ? construct : construct.node.defaultChild;
  if (!(element instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(element).getLogicalId(element);
}

const Resource = z.looseObject({
  Type: z.string(),
  Properties: z.record(z.string(), z.unknown()).default({}),
  Metadata: z.record(z.string(), z.unknown()).optional(),
  DeletionPolicy: z.string().optional(),
  UpdateReplacePolicy: z.string().optional(),
});
export type Resource = z.infer<typeof Resource>;

/** Every resource of a type, parsed, by logical id. */
export function resourcesOf(template: Template, type: string): Map<string, Resource> {
  return new Map(
    Object.entries(template.findResources(type)).map(([id, resource]) => [id, Resource.parse(resource)]),
  );
}

export function resourceById(template: Template, logicalId: string): Resource {
  const found = Resource.safeParse(template.toJSON().Resources?.[logicalId]);
  if (!found.success) throw new Error(`no resource ${logicalId} in the template`);
  return found.data;
}

/** `{ "Fn::GetAtt": [id, attribute] }` or `{ Ref: id }` → the id it points at. */
export const Reference = z.union([
  z.object({ 'Fn::GetAtt': z.tuple([z.string(), z.string()]) }).transform((ref) => ref['Fn::GetAtt'][0]),
  z.object({ Ref: z.string() }).transform((ref) => ref.Ref),
]);

const Statement = z.object({
  Effect: z.string(),
  Action: z.union([z.string(), z.array(z.string())]),
  Resource: z.union([z.unknown(), z.array(z.unknown())]),
});
export type Statement = z.infer<typeof Statement>;

/** Every statement of every identity policy of the template, with the policy's logical id. */
export function policyStatements(template: Template): { policy: string; statement: Statement }[] {
  return [...resourcesOf(template, 'AWS::IAM::Policy')].flatMap(([policy, resource]) =>
    z
      .object({ PolicyDocument: z.object({ Statement: z.array(Statement) }) })
      .parse(resource.Properties)
      .PolicyDocument.Statement.map((statement) => ({ policy, statement })),
  );
}

export function asList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}
