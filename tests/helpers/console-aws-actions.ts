/**
 * The IAM action behind each AWS SDK command `parcours console --aws` sends, Athena's aside (the
 * ReportReader's): the integration test records the commands the console sends, the infra test
 * checks that the ConsoleReader policy grants each of these actions and nothing that writes.
 */
export const CONSOLE_COMMAND_ACTIONS: Readonly<Record<string, string>> = {
  DescribeStacksCommand: 'cloudformation:DescribeStacks',
  ListExecutionsCommand: 'states:ListExecutions',
  DescribeStateMachineCommand: 'states:DescribeStateMachine',
  DescribeExecutionCommand: 'states:DescribeExecution',
  GetExecutionHistoryCommand: 'states:GetExecutionHistory',
  StartQueryCommand: 'logs:StartQuery',
  GetQueryResultsCommand: 'logs:GetQueryResults',
  GetItemCommand: 'dynamodb:GetItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
};
