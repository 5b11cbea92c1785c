/** Options of a {@link TtlCache}. */
export interface TtlCacheOptions {
  ttlMs: number;
  /** Oldest entries are evicted past this size, so random keys cannot grow memory without bound. */
  maxEntries: number;
  /** Milliseconds since the epoch; the app's clock, so tests can expire entries. */
  now: () => number;
}

interface Entry<V> {
  value: Promise<V>;
  expires: number;
}

/**
 * A small in-process cache of loaded values with a time to live. Concurrent misses of one key share
 * one load; a failed load is not cached, so its error reaches every caller waiting on it and the
 * next request tries again.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #options: TtlCacheOptions;

  constructor(options: TtlCacheOptions) {
    this.#options = options;
  }

  /** The cached value of `key`, or the result of `load` (then cached). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.#options.now();
    const hit = this.#entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (hit) this.#entries.delete(key);

    const value = load();
    const entry: Entry<V> = { value, expires: now + this.#options.ttlMs };
    this.#entries.set(key, entry);
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    if (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    return value;
  }

  /** Forgets `key`, so the next read loads it again. */
  delete(key: string): void {
    this.#entries.delete(key);
  }
}
