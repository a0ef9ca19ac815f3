/** A sleeper of virtual time: due `at`, woken in the order of `sequence` among those due at once. */
export type Sleeper = {
  readonly at: number;
  readonly sequence: number;
  readonly wake: () => void;
  cancelled: boolean;
};

/**
 * The sleepers ordered by (at, sequence) in a binary heap: a backtest holds one sleeper per
 * waiting journey, hundreds of thousands of them, and takes the earliest at every step, which a
 * scan of a list made quadratic. A cancelled sleeper stays in the heap until it comes up (removing
 * it from the middle would cost a search); `size` counts only live ones. Written here because the
 * heap is twenty lines and its order (time, then sequence) is what makes a simulation repeatable.
 */
export class SleeperQueue {
  private readonly heap: Sleeper[] = [];
  private live = 0;

  get size(): number {
    return this.live;
  }

  push(sleeper: Sleeper): void {
    this.heap.push(sleeper);
    this.live += 1;
    this.siftUp(this.heap.length - 1);
  }

  cancel(sleeper: Sleeper): void {
    if (sleeper.cancelled) return;
    sleeper.cancelled = true;
    this.live -= 1;
  }

  /** The earliest live sleeper, left in the queue. */
  peek(): Sleeper | undefined {
    this.dropCancelled();
    return this.heap[0];
  }

  /** Takes the earliest live sleeper out of the queue. */
  pop(): Sleeper | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.removeTop();
    this.live -= 1;
    return top;
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled === true) this.removeTop();
  }

  private removeTop(): void {
    const last = this.heap.pop();
    if (last === undefined || this.heap.length === 0) return;
    this.heap[0] = last;
    this.siftDown(0);
  }

  private siftUp(index: number): void {
    for (let child = index; child > 0; ) {
      const parent = (child - 1) >> 1;
      if (!this.before(child, parent)) return;
      this.swap(child, parent);
      child = parent;
    }
  }

  private siftDown(index: number): void {
    for (let parent = index; ; ) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let first = parent;
      if (left < this.heap.length && this.before(left, first)) first = left;
      if (right < this.heap.length && this.before(right, first)) first = right;
      if (first === parent) return;
      this.swap(first, parent);
      parent = first;
    }
  }

  private before(a: number, b: number): boolean {
    const [left, right] = [this.heap[a], this.heap[b]];
    if (left === undefined || right === undefined) return false;
    return left.at < right.at || (left.at === right.at && left.sequence < right.sequence);
  }

  private swap(a: number, b: number): void {
    const [left, right] = [this.heap[a], this.heap[b]];
    if (left === undefined || right === undefined) return;
    this.heap[a] = right;
    this.heap[b] = left;
  }
}
