/**
 * Keys due at a time, in time order (a binary min-heap). The simulated services use it to advance only what the clock
 * has made due, so a call costs the same with ten services or ten thousand.
 *
 * Keys due at the same time come out in the order they were scheduled. A key may be scheduled more than once;
 * `takeDue` returns it once per call however many of its entries are due.
 *
 * @example
 * const timeline = new Timeline<string>();
 * timeline.schedule(1_000, 'dev/web');
 * timeline.takeDue(999); // []
 * timeline.takeDue(1_000); // ['dev/web']
 */
interface Entry<K> {
  at: number;
  /** Order of scheduling, for ties. */
  seq: number;
  key: K;
}

function before<K>(a: Entry<K>, b: Entry<K>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class Timeline<K> {
  private readonly heap: Array<Entry<K>> = [];
  private sequence = 0;

  get size(): number {
    return this.heap.length;
  }

  /** `at` in epoch milliseconds. */
  schedule(at: number, key: K): void {
    const { heap } = this;
    heap.push({ at, seq: this.sequence++, key });
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index]!, heap[parent]!)) break;
      [heap[parent], heap[index]] = [heap[index]!, heap[parent]!];
      index = parent;
    }
  }

  /** Removes and returns, earliest first, every key due at or before `now` (each once). */
  takeDue(now: number): K[] {
    const due = new Set<K>();
    while (this.heap.length > 0 && this.heap[0]!.at <= now) due.add(this.pop().key);
    return [...due];
  }

  /** Removes and returns every key, due or not, earliest first (each once). */
  takeAll(): K[] {
    return this.takeDue(Number.POSITIVE_INFINITY);
  }

  private pop(): Entry<K> {
    const { heap } = this;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === index) return top;
      [heap[smallest], heap[index]] = [heap[index]!, heap[smallest]!];
      index = smallest;
    }
  }
}
