import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ipSaltForDay } from '../db/queries/ingest.js';
import type { Database } from '../db/schema.js';

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * What is stored instead of an address: SHA-256 of the day's random salt, the site and the client.
 * The salt is shared by every process (ip_salts) so limits hold across replicas, rotates at UTC
 * midnight and is deleted a day later, after which no stored hash can be tied to an address.
 * Including the site means one reader's hashes on two sites cannot be joined.
 */
export function clientHash(salt: string, siteId: string, client: string): string {
  return createHash('sha256').update(`${salt}\u0000${siteId}\u0000${client}`).digest('base64url');
}

/** Hashes clients with the current day's salt, fetched once per day per process. */
export interface ClientHasher {
  hash(siteId: string, client: string, at: Date): Promise<string>;
}

/** Creates a {@link ClientHasher}; a database error while fetching the salt reaches the caller (503). */
export function createClientHasher(db: Kysely<Database>): ClientHasher {
  let cached: { day: string; salt: Promise<string> } | null = null;
  return {
    async hash(siteId, client, at) {
      const day = utcDay(at);
      if (cached?.day !== day) {
        const salt = ipSaltForDay(db, day, randomBytes(32).toString('base64url'));
        const entry = { day, salt };
        cached = entry;
        salt.catch(() => {
          if (cached === entry) cached = null;
        });
      }
      return clientHash(await cached.salt, siteId, client);
    },
  };
}
