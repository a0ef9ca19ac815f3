/**
 * The subset of the Amazon States Language (JSONPath flavour) that scenarios, broadcasts and the
 * segment sweep compile to. The local engine runs only JSONPath, so nothing here uses JSONata.
 */
export type ChoiceRule =
  | { And: ChoiceRule[] }
  | { Or: ChoiceRule[] }
  | { Not: ChoiceRule }
  | ({ Variable: string } & Record<string, string | number | boolean>);

export type TopChoiceRule = ChoiceRule & { Next: string; Comment?: string };

export type Retrier = {
  ErrorEquals: string[];
  IntervalSeconds: number;
  MaxAttempts: number;
  BackoffRate: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
};
export type Catcher = { ErrorEquals: string[]; Next: string; ResultPath?: string | null };

type Transition = { Next: string; End?: never } | { End: true; Next?: never };

export type TaskState = {
  Type: 'Task';
  Comment?: string;
  Resource: string;
  Parameters: Record<string, unknown>;
  ResultPath: string | null;
  TimeoutSeconds?: number;
  Retry?: Retrier[];
  Catch?: Catcher[];
} & Transition;

export type WaitState = { Type: 'Wait'; Comment?: string } & (
  | { Seconds: number }
  | { TimestampPath: string }
) &
  Transition;

export type ChoiceState = { Type: 'Choice'; Comment?: string; Choices: TopChoiceRule[]; Default: string };

export type SucceedState = { Type: 'Succeed'; Comment?: string };

/** Scenarios compile to no Pass state; a broadcast walks its waves with them, the sweep lists its segments. */
type PassState = {
  Type: 'Pass';
  Comment?: string;
  Parameters: Record<string, unknown>;
} & Transition;

/**
 * A Map state. Scenarios compile to none; the sweep maps its scan segments inline, and a
 * broadcast's delivery is a Distributed Map reading its items from S3 (ItemReader) in batches
 * (ItemBatcher), which the local runtime provides since the local engine has neither
 * (local/runtime/local-definition.ts).
 */
export type MapState = {
  Type: 'Map';
  Comment?: string;
  ItemProcessor: {
    ProcessorConfig?: { Mode: 'INLINE' } | { Mode: 'DISTRIBUTED'; ExecutionType: 'STANDARD' | 'EXPRESS' };
    StartAt: string;
    States: Record<string, State>;
  };
  ItemsPath?: string;
  ItemSelector?: Record<string, unknown>;
  ItemReader?: {
    Resource: string;
    ReaderConfig: { InputType: 'JSON' | 'JSONL' };
    Parameters: Record<string, unknown>;
  };
  ItemBatcher?: { MaxItemsPerBatch: number };
  MaxConcurrency?: number;
  MaxConcurrencyPath?: string;
  ToleratedFailurePercentage?: number;
  ResultWriter?: { Resource: string; Parameters: Record<string, unknown> };
  ResultPath: string | null;
} & Transition;

export type State = TaskState | WaitState | ChoiceState | SucceedState | PassState | MapState;

export type StateMachine = {
  Comment: string;
  StartAt: string;
  TimeoutSeconds?: number;
  States: Record<string, State>;
};

/** The states a transition can lead to, for graph walks (reachability, paths, Mermaid). */
export type Edge = {
  from: string;
  to: string;
  label?: string;
  kind: 'next' | 'choice' | 'default' | 'catch';
};

export function edgesOf(name: string, state: State): Edge[] {
  switch (state.Type) {
    case 'Task':
      return [
        ...(state.Next === undefined ? [] : [{ from: name, to: state.Next, kind: 'next' as const }]),
        ...(state.Catch ?? []).map((catcher) => ({
          from: name,
          to: catcher.Next,
          label: catcher.ErrorEquals.join(', '),
          kind: 'catch' as const,
        })),
      ];
    case 'Wait':
    case 'Pass':
    case 'Map':
      return state.Next === undefined ? [] : [{ from: name, to: state.Next, kind: 'next' }];
    case 'Choice':
      return [
        ...state.Choices.map((rule) => ({
          from: name,
          to: rule.Next,
          kind: 'choice' as const,
          ...(rule.Comment === undefined ? {} : { label: rule.Comment }),
        })),
        { from: name, to: state.Default, label: 'otherwise', kind: 'default' },
      ];
    case 'Succeed':
      return [];
  }
}
