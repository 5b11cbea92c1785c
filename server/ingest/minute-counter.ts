/** The counter's window: fixed UTC minutes. */
const MINUTE_MS = 60_000;

/**
 * Requests per key in the current minute, in this process's memory: a cost guard for a public read
 * route, not a product limit (those live in PostgreSQL). Bounded: past `maxEntries` keys in one
 * minute, new keys go uncounted rather than grow memory, which fails open for the one minute.
 */
export class MinuteCounter {
  readonly #limit: number;
  readonly #maxEntries: number;
  readonly #counts = new Map<string, number>();
  #window = -1;

  constructor(limit: number, maxEntries = 100_000) {
    this.#limit = limit;
    this.#maxEntries = maxEntries;
  }

  /** Counts one request of `key` at `nowMs`: null when it is within the limit, else seconds to wait. */
  hit(key: string, nowMs: number): number | null {
    const window = Math.floor(nowMs / MINUTE_MS);
    if (window !== this.#window) {
      this.#window = window;
      this.#counts.clear();
    }
    const count = (this.#counts.get(key) ?? 0) + 1;
    if (count === 1 && this.#counts.size >= this.#maxEntries) return null;
    this.#counts.set(key, count);
    return count > this.#limit ? Math.ceil(((window + 1) * MINUTE_MS - nowMs) / 1000) : null;
  }
}
