import { type Kysely, sql } from 'kysely';
import { DEFAULT_SITE_SETTINGS, type User } from '../../../contract/api.js';
import { newSiteKey } from '../../services/secrets.js';
import type { Database, SiteRow } from '../schema.js';
import { countUsers, createUser } from './users.js';

/**
 * Advisory lock key of the first-start bootstrap ("misp" in ASCII), so replicas starting together
 * on one empty database create one owner and one demo site, not one each.
 */
const BOOTSTRAP_LOCK = 0x6d697370;

/** What the first start created. */
export interface Installation {
  readonly owner: User;
  readonly site: SiteRow;
}

/**
 * On an empty database (no users), creates the first owner and the demo site in one transaction and
 * returns them; on any other database does nothing and returns null.
 */
export function createInstallationIfEmpty(
  db: Kysely<Database>,
  input: { ownerEmail: string; ownerPassword: string; siteName: string; origins: string[] },
): Promise<Installation | null> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`.execute(trx);
    if ((await countUsers(trx)) > 0) return null;
    const owner = await createUser(trx, {
      email: input.ownerEmail,
      password: input.ownerPassword,
      name: 'Owner',
    });
    // createSite opens its own transaction, which cannot nest in this one, hence the two inserts.
    const site = await trx
      .insertInto('sites')
      .values({
        key: newSiteKey(),
        name: input.siteName,
        origins: input.origins,
        settings: JSON.stringify(DEFAULT_SITE_SETTINGS),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('memberships')
      .values({ site_id: site.id, user_id: owner.id, role: 'owner' })
      .execute();
    return { owner, site };
  });
}

/**
 * The site the `/demo` page embeds: the oldest one that accepts reports from `origin`, the server's
 * own origin. The first start creates exactly such a site; a page on our origin could not send
 * reports for any other, so this is also the only choice that works.
 */
export function findDemoSite(
  db: Kysely<Database>,
  origin: string,
): Promise<Pick<SiteRow, 'id' | 'key' | 'name'> | undefined> {
  return db
    .selectFrom('sites')
    .select(['id', 'key', 'name'])
    .where(sql<boolean>`${origin} = ANY(origins)`)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}
