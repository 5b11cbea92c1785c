/**
 * Reader tags: how a blocked reader is recognised for 30 days without storing an address.
 *
 * The client hash (server/ingest/client-hash.ts) rotates daily and its salt is deleted a day later,
 * so it cannot recognise anyone the next day. A reader tag is HMAC-SHA256 of the site and the
 * client address under a key of a 32-day period (`reader_keys`, shared by every replica). Ingest
 * keeps the current period's tag beside the day's client hash in `reader_tags` for 48 hours (the
 * client hash's own retention, after which a report can no longer be tied to its reader), and
 * checks the tags under the current and the previous key against the site's blocks. A block made
 * from a report at most 48 hours old lasts 30 days, so it ends before the key it was made under
 * leaves the previous period: a period of 32 days is what makes two keys enough.
 *
 * The trade-off: while a key is kept (up to 64 days), whoever reads the database can link one
 * reader's reports of two days inside the 48 hours the tags are held, and can test guessed
 * addresses against a blocked tag (IPv4 is small enough to try every address). Without a block no
 * tag outlives 48 hours; blocked tags live 30 days; addresses are never stored.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { readerKeyForPeriod, readerKeyIfKept } from '../db/queries/triage.js';
import type { Database } from '../db/schema.js';

/** Days a reader-tag key is the current one. */
export const READER_KEY_PERIOD_DAYS = 32;
/** How long a block lasts. */
export const BLOCK_DAYS = 30;
/** How long a reader tag is kept: as long as the client hash it sits beside (issue 12's 48 hours). */
export const READER_TAG_HOURS = 48;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The key period an instant belongs to (periods start at UTC midnight, so a day has one tag). */
export function readerKeyPeriod(at: Date): number {
  return Math.floor(at.getTime() / DAY_MS / READER_KEY_PERIOD_DAYS);
}

/** The tag of a client on a site under a key. Including the site keeps sites from joining tags. */
export function readerTag(key: string, siteId: string, client: string): string {
  return createHmac('sha256', key).update(`${siteId}\u0000${client}`).digest('base64url');
}

/** A client's tags: the one to store, and every one a block may have been made with. */
export interface ReaderTags {
  current: string;
  all: string[];
}

/** Computes reader tags with keys fetched once per period per process. */
export interface ReaderTagger {
  tags(siteId: string, client: string, at: Date): Promise<ReaderTags>;
}

/** Creates a {@link ReaderTagger}; a database error while fetching a key reaches the caller (503). */
export function createReaderTagger(db: Kysely<Database>): ReaderTagger {
  let cached: { period: number; keys: Promise<{ current: string; previous: string | undefined }> } | null =
    null;
  return {
    async tags(siteId, client, at) {
      const period = readerKeyPeriod(at);
      if (cached?.period !== period) {
        const keys = Promise.all([
          readerKeyForPeriod(db, period, randomBytes(32).toString('base64url')),
          readerKeyIfKept(db, period - 1),
        ]).then(([current, previous]) => ({ current, previous }));
        const entry = { period, keys };
        cached = entry;
        keys.catch(() => {
          if (cached === entry) cached = null;
        });
      }
      const { current, previous } = await cached.keys;
      const tag = readerTag(current, siteId, client);
      return {
        current: tag,
        all: previous === undefined ? [tag] : [tag, readerTag(previous, siteId, client)],
      };
    },
  };
}
