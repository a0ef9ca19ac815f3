/**
 * An attribute value as the document client is to marshal it: every plain object a `Map`. The
 * client tells a map from a class instance by its `constructor` property, so a map holding a key
 * named `constructor` (a topic, a product id, a trait an app sent) was refused as "Unsupported
 * type", and one whose `constructor` held `{ "name": "Set" }` was taken for a set. A `Map` it
 * marshals by its entries alone. Arrays are walked; anything else is left for the client to
 * marshal or refuse, as before.
 */
export function documentValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(documentValue);
  if (value === null || typeof value !== 'object') return value;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return new Map(Object.entries(value).map(([key, element]) => [key, documentValue(element)]));
}

/** An item's attributes, each as documentValue makes it (the item itself stays an object). */
export function documentItem(item: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, documentValue(value)]));
}
