import type { Kysely } from 'kysely';
import type { SiteSettings } from '../../contract/api.js';
import { findSiteByKey, isOriginAllowedBySomeSite } from '../db/queries/ingest.js';
import { siteSettings } from '../db/queries/sites.js';
import type { Database } from '../db/schema.js';
import { normaliseOrigin } from '../services/origins.js';
import { TtlCache } from './ttl-cache.js';

/**
 * How long a process trusts what it read about a site. Ingest then costs no site lookup per request;
 * the price is that a change of a site's origins, limits or existence reaches every process only
 * within this many milliseconds (a removed origin may still send for up to 10 s).
 */
export const SITE_CACHE_TTL_MS = 10_000;
/** Entries kept per cache; unknown keys are cached too, so a flood of made-up keys stays bounded. */
const MAX_ENTRIES = 10_000;

/** A site as ingest sees it. */
export interface IngestSite {
  id: string;
  /** Normalised origins (`https://news.example`). */
  origins: ReadonlySet<string>;
  settings: SiteSettings;
}

/** Cached answers about sites for the ingest route. */
export interface SiteCache {
  /** The site with this public key, or null when there is none. */
  byKey(key: string): Promise<IngestSite | null>;
  /** Whether some site allows `origin` (for preflights, which carry no site key). */
  originAllowed(origin: string): Promise<boolean>;
  /** Drops a key whose site turned out to be gone. */
  forget(key: string): void;
}

/** Creates a {@link SiteCache} reading through `db`; database errors reach the caller (503). */
export function createSiteCache(db: Kysely<Database>, now: () => Date): SiteCache {
  const options = { ttlMs: SITE_CACHE_TTL_MS, maxEntries: MAX_ENTRIES, now: () => now().getTime() };
  const sites = new TtlCache<IngestSite | null>(options);
  const origins = new TtlCache<boolean>(options);
  return {
    byKey: (key) =>
      sites.get(key, async () => {
        const row = await findSiteByKey(db, key);
        if (!row) return null;
        const allowed = row.origins.map(normaliseOrigin).filter((o): o is string => o !== null);
        return { id: row.id, origins: new Set(allowed), settings: siteSettings(row.settings) };
      }),
    originAllowed: (origin) => origins.get(origin, () => isOriginAllowedBySomeSite(db, origin)),
    forget: (key) => sites.delete(key),
  };
}
