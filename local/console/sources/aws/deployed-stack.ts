import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { journeyStateMachineName } from '../../../../shared/journeys/state-machine-names.ts';

/** What the console needs to know of a deployed stack, found from its name alone. */
export type DeployedStack = {
  readonly name: string;
  readonly tableName: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
};

/** The stack's output naming its table (infra/parcours-stack.ts). */
const TABLE_OUTPUT = 'TableName';

export async function findDeployedStack(cfn: CloudFormationClient, name: string): Promise<DeployedStack> {
  const answer = await cfn.send(new DescribeStacksCommand({ StackName: name })).catch((error: unknown) => {
    if (error instanceof Error && /does not exist/.test(error.message))
      throw new Error(
        `no stack named "${name}" in this account and region: deploy it with \`npx cdk deploy\`, or name yours with --stack`,
      );
    throw error;
  });
  const stack = answer.Stacks?.[0];
  const tableName = stack?.Outputs?.find((output) => output.OutputKey === TABLE_OUTPUT)?.OutputValue;
  if (stack?.StackId === undefined || tableName === undefined)
    throw new Error(
      `the stack "${name}" has no ${TABLE_OUTPUT} output: is it a Parcours stack, fully deployed?`,
    );
  // arn:partition:cloudformation:region:account:stack/name/id
  const [, partition, , region, account] = stack.StackId.split(':');
  if (partition === undefined || region === undefined || account === undefined)
    throw new Error(`the stack "${name}" has an id that is not an ARN: ${stack.StackId}`);
  return { name, tableName, partition, region, account };
}

export function stateMachineArn(stack: DeployedStack, scenario: string): string {
  return `arn:${stack.partition}:states:${stack.region}:${stack.account}:stateMachine:${journeyStateMachineName(stack.name, scenario)}`;
}

export function executionArn(stack: DeployedStack, scenario: string, execution: string): string {
  return `arn:${stack.partition}:states:${stack.region}:${stack.account}:execution:${journeyStateMachineName(stack.name, scenario)}:${execution}`;
}
