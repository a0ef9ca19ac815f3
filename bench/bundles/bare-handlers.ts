import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { assetDirectory } from '../../infra/bundle/asset-directory.ts';
import { FUNCTION_HANDLER, functionCode } from '../../infra/bundle/function-bundle.ts';
import type { FunctionName } from '../../infra/constructs/function-catalogue.ts';
import { FUNCTION_RUNTIME } from '../../infra/constructs/parcours-function.ts';
import type { SdkClient } from './sdk-clients.ts';

/**
 * The baseline of a function's cold start: a handler that imports the same AWS SDK clients and
 * creates them, as the function does at cold start, and nothing else.
 */
export function bareHandlerSource(name: FunctionName, clients: readonly SdkClient[]): string {
  const imports = clients.map(
    ({ packageName, className }) => `import { ${className} } from '${packageName}';`,
  );
  // Document clients wrap a DynamoDB client rather than being created from configuration.
  const created = clients
    .filter(({ packageName }) => packageName.startsWith('@aws-sdk/client-'))
    .map(({ className }) => `new ${className}({})`);
  const referenced = clients
    .filter(({ packageName }) => !packageName.startsWith('@aws-sdk/client-'))
    .map(({ className }) => className);
  return [
    `// The bare baseline of the ${name} function: its AWS SDK clients, nothing else.`,
    ...imports,
    `const clients: unknown[] = [${[...created, ...referenced].join(', ')}];`,
    'export const handler = async () => ({ clients: clients.length });',
    '',
  ].join('\n');
}

/**
 * Bundles a bare handler per function as the functions are bundled (functionCode), in a stack of
 * the given app, and returns each asset folder. The sources are written under `sourceDir`, which
 * must be inside the project so esbuild resolves its node_modules.
 */
export async function bundleBareHandlers(
  scope: Construct,
  projectRoot: string,
  sourceDir: string,
  clients: ReadonlyMap<FunctionName, readonly SdkClient[]>,
): Promise<Map<FunctionName, string>> {
  await mkdir(sourceDir, { recursive: true });
  const stack = new Stack(scope, 'BareHandlers');
  const assets = new Map<FunctionName, string>();
  for (const [name, sdk] of clients) {
    const entry = join(sourceDir, `${name}.ts`);
    await writeFile(entry, bareHandlerSource(name, sdk));
    const fn = new lambda.Function(stack, name, {
      code: functionCode({ projectRoot, entry }),
      handler: FUNCTION_HANDLER,
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
    });
    assets.set(name, assetDirectory(fn));
  }
  return assets;
}
