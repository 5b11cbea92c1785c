/**
 * Clients the database recently refused, with the instant a slot frees, so a flooding client is
 * answered 429 from memory until then. The instant comes from the database's exact count, so the
 * cache never refuses longer than the database would. Bounded: oldest entries go first.
 */
export class DenyCache {
  readonly #until = new Map<string, number>();
  readonly #maxEntries: number;

  constructor(maxEntries = 100_000) {
    this.#maxEntries = maxEntries;
  }

  /** When `key` may send again, or null if it is not refused at `nowMs`. */
  deniedUntil(key: string, nowMs: number): number | null {
    const until = this.#until.get(key);
    if (until === undefined) return null;
    if (until > nowMs) return until;
    this.#until.delete(key);
    return null;
  }

  /** Refuses `key` until `untilMs`. */
  deny(key: string, untilMs: number): void {
    this.#until.delete(key);
    this.#until.set(key, untilMs);
    if (this.#until.size > this.#maxEntries) {
      const oldest = this.#until.keys().next();
      if (!oldest.done) this.#until.delete(oldest.value);
    }
  }
}
