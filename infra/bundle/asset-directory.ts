import { join } from 'node:path';
import { Stage } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';

/**
 * The folder of the cloud assembly that holds a function's staged code (what the zip uploaded at
 * deploy contains), once the app is synthesized.
 */
export function assetDirectory(fn: lambda.Function): string {
  const code = fn.node.tryFindChild('Code');
  if (!(code instanceof s3assets.Asset)) throw new Error(`${fn.node.path} has no code asset`);
  const outdir = Stage.of(fn)?.outdir;
  if (outdir === undefined) throw new Error(`${fn.node.path} is not in a CDK app`);
  return join(outdir, code.assetPath);
}
