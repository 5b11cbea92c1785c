/** Thrown by {@link FairQueue.run} when the task would wait beyond the queue's bounds. */
export class QueueFull extends Error {
  constructor() {
    super('queue full');
  }
}

/** How many tasks may wait: under one key, and in all. */
export interface QueueBounds {
  readonly perKey: number;
  readonly total: number;
}

/**
 * Runs at most `concurrency` tasks at once and, when more wait, takes turns between the keys they
 * were queued under (round robin), so a burst under one key delays another key's task by at most
 * one task per waiting key rather than by the whole burst. Beyond its bounds it refuses at once
 * ({@link QueueFull}) instead of letting the wait grow.
 */
export class FairQueue {
  #running = 0;
  /** Waiting tasks per key; a Map keeps insertion order, so its first key is the next turn. */
  readonly #waiting = new Map<string, Array<() => void>>();

  constructor(
    readonly concurrency: number,
    readonly bounds: QueueBounds = { perKey: Number.POSITIVE_INFINITY, total: Number.POSITIVE_INFINITY },
  ) {}

  /** Runs `task` when a slot is free and it is `key`'s turn; rejects with {@link QueueFull} beyond the bounds. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    await this.#slot(key);
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  /** Tasks waiting for a slot, across all keys. */
  get waiting(): number {
    let n = 0;
    for (const queue of this.#waiting.values()) n += queue.length;
    return n;
  }

  #slot(key: string): Promise<void> {
    if (this.#running < this.concurrency && this.#waiting.size === 0) {
      this.#running++;
      return Promise.resolve();
    }
    const waitingHere = this.#waiting.get(key)?.length ?? 0;
    if (waitingHere >= this.bounds.perKey || this.waiting >= this.bounds.total)
      return Promise.reject(new QueueFull());
    return new Promise((resolve) => {
      const queue = this.#waiting.get(key);
      if (queue) queue.push(resolve);
      else this.#waiting.set(key, [resolve]);
    });
  }

  #release(): void {
    this.#running--;
    const turn = this.#waiting.entries().next();
    if (turn.done) return;
    const [key, queue] = turn.value;
    const start = queue.shift();
    // The key goes to the back of the round; it leaves it once it has nothing waiting.
    this.#waiting.delete(key);
    if (queue.length > 0) this.#waiting.set(key, queue);
    if (start) {
      this.#running++;
      start();
    }
  }
}
