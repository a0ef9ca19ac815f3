import { ArnFormat, CfnElement, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SCENARIO_PLACEHOLDER } from '../../shared/journeys/state-machine-alias.ts';
import {
  journeyLogGroupName,
  journeyStateMachineName,
  versionDescription,
} from '../../shared/journeys/state-machine-names.ts';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import {
  FUNCTION_PLACEHOLDERS,
  functionResource,
  STEP_FUNCTIONS,
  type StepFunction,
} from '../../state-machines/compiler/resources.ts';

export const LIVE_ALIAS = 'live';

/**
 * The ARN of every scenario's `live` alias in this stack, with the scenario id as a placeholder
 * (shared/journeys/state-machine-alias.ts): how ingest finds the state machine to start.
 */
export function aliasArnTemplate(scope: Construct, stackName: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: `${journeyStateMachineName(stackName, SCENARIO_PLACEHOLDER)}:${LIVE_ALIAS}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

export interface JourneyStateMachineProps {
  /** The validated and compiled scenario: its ASL is deployed as is. */
  readonly scenario: ProjectScenario;
  /** The function version behind each `${…FunctionArn}` placeholder of the compiled ASL. */
  readonly functions: Readonly<Record<StepFunction, lambda.IVersion>>;
  /** The stack's name: the state machine is named after it and the scenario (journeyStateMachineName). */
  readonly stackName: string;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Whether execution logs include input and output. Executions hold ids and non-personal facts
   * but also the trigger event, whose payload is whatever the app published.
   * @default false
   */
  readonly includeExecutionData?: boolean;
  /** @default 'live' */
  readonly aliasName?: string;
}

/**
 * One scenario as a Standard state machine: the compiler's ASL with the function ARNs substituted
 * by CloudFormation (the definition is byte for byte what `parcours compile` prints), logging of
 * all events, X-Ray tracing, a version published on every change and an alias that the trigger
 * starts executions on.
 *
 * Journeys run on the version they started on, to the end: a new deploy moves the alias, and the
 * old state machine version is retained, as are the function versions it calls (qualified ARNs),
 * which carry the runtime bundle (steps, templates) of that deploy. A scenario removed from the
 * project leaves its state machine, role and logs in the account (retained), so its running
 * journeys finish too; delete them once it has no running execution.
 */
export class JourneyStateMachine extends Construct {
  readonly scenarioId: string;
  readonly stateMachine: sfn.StateMachine;
  readonly version: sfn.CfnStateMachineVersion;
  readonly alias: sfn.CfnStateMachineAlias;
  /** The ARN executions start on. */
  readonly aliasArn: string;
  /** The step functions the definition calls: the only ones its role may invoke. */
  readonly invokes: readonly StepFunction[];

  constructor(scope: Construct, id: string, props: JourneyStateMachineProps) {
    super(scope, id);
    const { scenario, compiled } = props.scenario;
    this.scenarioId = scenario.id;
    const stateMachineName = journeyStateMachineName(props.stackName, scenario.id);
    const definition = JSON.stringify(compiled.definition);
    this.invokes = placeholdersIn(definition);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: journeyLogGroupName(props.stackName, scenario.id),
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(definition),
      definitionSubstitutions: Object.fromEntries(
        this.invokes.map((fn) => [FUNCTION_PLACEHOLDERS[fn], props.functions[fn].functionArn]),
      ),
      logs: {
        destination: logGroup,
        level: sfn.LogLevel.ALL,
        includeExecutionData: props.includeExecutionData ?? false,
      },
      tracingEnabled: true,
    });
    if (this.invokes.length > 0) {
      // The versions of the functions the ASL names: this deploy's, and those the retained state
      // machine versions still call. No other function, and not the unqualified ones.
      this.stateMachine.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: this.invokes.map((fn) => `${props.functions[fn].lambda.functionArn}:*`),
        }),
      );
    }
    // A removed scenario's journeys still run on this state machine: CloudFormation leaves it,
    // with the role it runs as and its logs, instead of deleting it under them.
    for (const kept of [this.stateMachine, this.stateMachine.role, logGroup])
      kept.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const rolePolicy = this.stateMachine.role.node.tryFindChild('DefaultPolicy');
    if (rolePolicy instanceof iam.Policy) rolePolicy.applyRemovalPolicy(RemovalPolicy.RETAIN);
    for (const fn of this.invokes) {
      Validations.of(this.stateMachine).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${functionLogicalId(props.functions[fn].lambda)}.Arn>:*]`,
        reason: `"${fn}:*" is every published version of that one function: journeys run to their end on the versions their deploy published, so the versions retained state machine versions call stay invokable.`,
      });
    }
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only CloudWatch Logs vended delivery (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and X-Ray (PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) use "*": those actions take no resource-level permissions.',
    });

    this.version = new sfn.CfnStateMachineVersion(this, 'Version', {
      stateMachineArn: this.stateMachine.stateMachineArn,
      stateMachineRevisionId: this.stateMachine.stateMachineRevisionId,
      description: versionDescription(scenario.name, compiled.manifest.version),
    });
    // A changed definition replaces this resource (a new version): keep the old one, because
    // journeys started on it are still running and finish on it.
    this.version.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.alias = new sfn.CfnStateMachineAlias(this, 'Alias', {
      name: props.aliasName ?? LIVE_ALIAS,
      description: `${scenario.name}: the version new journeys start on`,
      routingConfiguration: [{ stateMachineVersionArn: this.version.attrArn, weight: 100 }],
    });
    this.aliasArn = this.alias.attrArn;
  }
}

/** The step functions whose placeholder the definition holds, in the compiler's order. */
function placeholdersIn(definition: string): StepFunction[] {
  return STEP_FUNCTIONS.filter((fn) => definition.includes(`"${functionResource(fn)}"`));
}

/** The logical id of a function's CloudFormation resource, as cdk-nag names it in a finding. */
function functionLogicalId(fn: lambda.IFunction): string {
  const resource = fn.node.defaultChild;
  if (!(resource instanceof CfnElement)) throw new Error(`${fn.node.path} has no CloudFormation resource`);
  return Stack.of(fn).getLogicalId(resource);
}
