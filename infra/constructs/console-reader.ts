import { ArnFormat, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { journeyLogGroupName, journeyStateMachineName } from '../../shared/journeys/state-machine-names.ts';
import type { OutcomeFacts } from './outcome-facts.ts';

export interface ConsoleReaderProps {
  readonly stackName: string;
  readonly table: dynamodb.ITable;
  readonly outcomes: OutcomeFacts;
}

/**
 * The managed policy `parcours console --aws` needs, to attach to a marketer's user or role: it
 * reads and never writes. The outcome queries (as ReportReader), the table's items (profiles,
 * journeys, the send ledger, rejected events), the scenarios' executions and their logs, and the
 * stack's outputs, to find the table.
 */
export class ConsoleReader extends Construct {
  readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ConsoleReaderProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Every scenario's state machine is `<stack>-<scenario>`: one pattern covers them, those of
    // scenarios removed since (retained with their running journeys) included, and stays within
    // a managed policy's 6,144 characters however many scenarios there are.
    const machines = journeyStateMachineName(props.stackName, '*');
    const colon = (resource: string, resourceName: string) =>
      stack.formatArn({
        service: 'states',
        resource,
        resourceName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const tableKey = props.table.encryptionKey;
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Parcours: read the ${props.stackName} stack in the marketer's console (parcours console --aws), and change nothing`,
      statements: [
        ...props.outcomes.readerStatements(),
        new iam.PolicyStatement({
          actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
          resources: [props.table.tableArn],
        }),
        ...(tableKey === undefined
          ? []
          : [new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [tableKey.keyArn] })]),
        new iam.PolicyStatement({
          // A version is `<machine>:<n>`, which the same pattern names.
          actions: ['states:ListExecutions', 'states:DescribeStateMachine'],
          resources: [colon('stateMachine', machines)],
        }),
        new iam.PolicyStatement({
          actions: ['states:DescribeExecution', 'states:GetExecutionHistory'],
          resources: [colon('execution', `${machines}:*`)],
        }),
        new iam.PolicyStatement({
          actions: ['logs:StartQuery'],
          resources: [
            stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: journeyLogGroupName(props.stackName, '*'),
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
        new iam.PolicyStatement({
          // It takes a query id, which no resource ARN names; the console never stops a query,
          // since logs:StopQuery could stop anyone's.
          actions: ['logs:GetQueryResults'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          actions: ['cloudformation:DescribeStacks'],
          resources: [
            stack.formatArn({
              service: 'cloudformation',
              resource: 'stack',
              resourceName: `${props.stackName}/*`,
            }),
          ],
        }),
      ],
    });
    props.outcomes.acknowledgeReader(this.policy);
    // cdk-nag names a resource by its ARN with the stack's region and account as they synthesize.
    const place = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const nagArn = (service: string) =>
      `arn:<AWS::Partition>:${service}:${place(stack.region, 'Region')}:${place(stack.account, 'AccountId')}:`;
    Validations.of(this.policy).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only logs:GetQueryResults, which reads the results of a query id the caller started on the journey log groups: it takes no resource.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn('states')}stateMachine:${machines}]`,
        reason: `Every scenario's state machine is named ${machines}, those removed since and still running included; only listing and describing are granted.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn('states')}execution:${machines}:*]`,
        reason:
          'The executions of those state machines, read (history and status) and never started or stopped.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn('logs')}log-group:${journeyLogGroupName(props.stackName, '*')}]`,
        reason: 'The execution logs of those state machines, queried with Logs Insights and never written.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn('cloudformation')}stack/${props.stackName}/*]`,
        reason: "A stack's id ends with a random suffix: this is the one stack, described to find its table.",
      },
    );
  }
}
