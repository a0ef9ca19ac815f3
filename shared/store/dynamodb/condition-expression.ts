import type { Condition } from '../item-store.ts';

/** A condition as DynamoDB expression text, every name and value behind a placeholder. */
export type ConditionExpression = {
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
};

/**
 * Writes a condition as a DynamoDB ConditionExpression. Every attribute name goes through a
 * placeholder, so reserved words (`token`, `outcome`) need no special case; `prefix` keeps these
 * placeholders apart from those of an UpdateExpression in the same request.
 */
export function conditionExpression(condition: Condition, prefix = 'c'): ConditionExpression {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const nameOf = (attribute: string): string => {
    const placeholder = `#${prefix}${Object.keys(names).length}`;
    names[placeholder] = attribute;
    return placeholder;
  };
  const placeholderOf = (value: unknown): string => {
    const placeholder = `:${prefix}${Object.keys(values).length}`;
    values[placeholder] = value;
    return placeholder;
  };
  const write = (node: Condition): string => {
    switch (node.kind) {
      case 'exists':
        return `attribute_exists(${nameOf(node.attribute)})`;
      case 'missing':
        return `attribute_not_exists(${nameOf(node.attribute)})`;
      case 'compare':
        return `${nameOf(node.attribute)} ${node.operator} ${placeholderOf(node.value)}`;
      case 'and':
      case 'or':
        if (node.conditions.length === 0) throw new Error(`an empty "${node.kind}" condition`);
        return `(${node.conditions.map(write).join(` ${node.kind.toUpperCase()} `)})`;
    }
  };
  const text = write(condition);
  // DynamoDB refuses an empty ExpressionAttributeValues map (a condition without a comparison).
  return {
    ConditionExpression: text,
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length === 0 ? {} : { ExpressionAttributeValues: values }),
  };
}
