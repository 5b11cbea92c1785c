import type { Kysely } from 'kysely';
import { blockedTags } from '../db/queries/triage.js';
import type { Database } from '../db/schema.js';
import { TtlCache } from '../ingest/ttl-cache.js';

/**
 * How long a process trusts a site's list of blocked readers: a new block reaches every replica's
 * ingest within this time, and ingest reads the list at most once per site per period.
 */
export const BLOCK_LIST_TTL_MS = 10_000;
/** Sites whose lists one process keeps. */
const MAX_SITES = 10_000;

/** Answers "is this reader blocked on this site?" for ingest. */
export interface BlockList {
  isBlocked(siteId: string, tags: readonly string[]): Promise<boolean>;
}

/** Creates a {@link BlockList} over `db`; a database error reaches the caller (503). */
export function createBlockList(db: Kysely<Database>, now: () => Date): BlockList {
  const cache = new TtlCache<ReadonlySet<string>>({
    ttlMs: BLOCK_LIST_TTL_MS,
    maxEntries: MAX_SITES,
    now: () => now().getTime(),
  });
  return {
    async isBlocked(siteId, tags) {
      const blocked = await cache.get(siteId, async () => new Set(await blockedTags(db, siteId, now())));
      return blocked.size > 0 && tags.some((tag) => blocked.has(tag));
    },
  };
}
