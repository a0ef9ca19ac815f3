import { type Edge, edgesOf, type State, type StateMachine } from '../compiler/asl.ts';
import { ERRORS } from '../compiler/resources.ts';

/**
 * A Mermaid flowchart of a compiled scenario: the very states the console shows, with each
 * branch labelled by its condition. Detours (conversion, quiet hours) are dotted.
 */
export function mermaidFlowchart(
  definition: StateMachine,
  defaultLabels: Readonly<Record<string, string>> = {},
  /** What starts a journey (see triggerLabel), shown at the start. */
  trigger?: string,
  /** A second line under a state's name: the console's counts of journeys there. */
  notes: Readonly<Record<string, string>> = {},
): string {
  const ids = new Map(Object.keys(definition.States).map((name, index) => [name, `s${index}`]));
  const idOf = (name: string): string => ids.get(name) ?? 'missing';
  const start = trigger === undefined ? 'start((start))' : `start(["${escapeLabel(`on ${trigger}`)}"])`;
  const lines = ['flowchart TD', `  ${start} --> ${idOf(definition.StartAt)}`];
  for (const [name, state] of Object.entries(definition.States))
    lines.push(`  ${idOf(name)}${shape(state, name, notes[name])}`);
  for (const [name, state] of Object.entries(definition.States)) {
    for (const edge of edgesOf(name, state)) {
      const labelled = edge.kind === 'default' ? { ...edge, label: defaultLabels[name] ?? edge.label } : edge;
      lines.push(`  ${idOf(edge.from)} ${arrow(labelled)} ${idOf(edge.to)}`);
    }
    if (state.Type !== 'Choice' && state.Type !== 'Succeed' && state.End === true)
      lines.push(`  ${idOf(name)} --> finish((end))`);
  }
  return `${lines.join('\n')}\n`;
}

function shape(state: State, name: string, note: string | undefined): string {
  const label = note === undefined ? escapeLabel(name) : `${escapeLabel(name)}<br/>${escapeLabel(note)}`;
  switch (state.Type) {
    case 'Task':
    case 'Pass':
      return `["${label}"]`;
    case 'Map':
      return `[["${label}"]]`;
    case 'Wait':
      return `(["${label}"])`;
    case 'Choice':
      return `{"${label}"}`;
    case 'Succeed':
      return `(("${label}"))`;
  }
}

function arrow(edge: Edge): string {
  if (edge.kind === 'catch') {
    const label =
      edge.label === ERRORS.timeout
        ? 'timeout'
        : edge.label === ERRORS.converted
          ? 'converted'
          : 'quiet hours';
    return edge.label === ERRORS.timeout ? `-->|${label}|` : `-.->|${label}|`;
  }
  return edge.label === undefined ? '-->' : `-->|"${escapeLabel(edge.label)}"|`;
}

function escapeLabel(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[<>]/g, (character) => (character === '<' ? '#lt;' : '#gt;'));
}
