import { FactRequest } from '../../language/fact-request.ts';

type Unkeyed<T> = T extends unknown ? Omit<T, 'key'> : never;
export type FactQuestion = Unkeyed<FactRequest>;

/** Collects the facts one Check state must load, giving identical questions the same key. */
export class FactCollector {
  private readonly keys = new Map<string, string>();
  private readonly requests: FactRequest[] = [];

  keyFor(question: FactQuestion): string {
    const identity = JSON.stringify(question);
    const known = this.keys.get(identity);
    if (known !== undefined) return known;
    const key = `f${this.requests.length + 1}`;
    this.keys.set(identity, key);
    this.requests.push(FactRequest.parse({ ...question, key }));
    return key;
  }

  get all(): readonly FactRequest[] {
    return this.requests;
  }
}
