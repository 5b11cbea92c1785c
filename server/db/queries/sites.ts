import type { Kysely } from 'kysely';
import { DEFAULT_SITE_SETTINGS, type Role, type Site, type SiteSettings } from '../../../contract/api.js';
import { newSiteKey } from '../../services/secrets.js';
import { embedSnippet } from '../../services/snippet.js';
import type { Database, SiteRow } from '../schema.js';

/**
 * Settings as stored, completed with today's defaults: a site created before a setting existed
 * gets its default rather than undefined.
 */
export function siteSettings(stored: Partial<SiteSettings> | null | undefined): SiteSettings {
  return {
    maxSelection: stored?.maxSelection ?? DEFAULT_SITE_SETTINGS.maxSelection,
    rateLimits: { ...DEFAULT_SITE_SETTINGS.rateLimits, ...stored?.rateLimits },
    cmsUrlTemplate: stored?.cmsUrlTemplate ?? DEFAULT_SITE_SETTINGS.cmsUrlTemplate,
    routes: stored?.routes ? [...stored.routes] : [],
    retentionDays: stored?.retentionDays ?? DEFAULT_SITE_SETTINGS.retentionDays,
    timezone: stored?.timezone ?? DEFAULT_SITE_SETTINGS.timezone,
  };
}

/** The members' view of a site row. */
export function toSite(row: SiteRow, role: Role, publicOrigin: string): Site {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    origins: row.origins,
    settings: siteSettings(row.settings),
    role,
    snippet: embedSnippet(publicOrigin, row.key, siteSettings(row.settings).maxSelection),
    createdAt: row.created_at.toISOString(),
  };
}

/** Creates a site with a fresh public key and makes `ownerId` its owner, atomically. */
export function createSite(
  db: Kysely<Database>,
  input: { name: string; origins: string[]; ownerId: string; settings?: SiteSettings },
): Promise<SiteRow> {
  return db.transaction().execute(async (trx) => {
    const site = await trx
      .insertInto('sites')
      .values({
        key: newSiteKey(),
        name: input.name,
        origins: input.origins,
        settings: JSON.stringify(input.settings ?? DEFAULT_SITE_SETTINGS),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('memberships')
      .values({ site_id: site.id, user_id: input.ownerId, role: 'owner' })
      .execute();
    return site;
  });
}

/** A site row with the role of the user who asked for it. */
export interface SiteWithRole {
  site: SiteRow;
  role: Role;
}

/** The sites a user belongs to, by name. */
export async function listSitesForUser(db: Kysely<Database>, userId: string): Promise<SiteWithRole[]> {
  const rows = await db
    .selectFrom('sites as s')
    .innerJoin('memberships as m', 'm.site_id', 's.id')
    .selectAll('s')
    .select('m.role')
    .where('m.user_id', '=', userId)
    .orderBy('s.name')
    .orderBy('s.id')
    .execute();
  return rows.map(({ role, ...site }) => ({ site, role }));
}

/** A site and the user's role on it; undefined when the user is not a member (or there is no such site). */
export async function findSiteForUser(
  db: Kysely<Database>,
  siteId: string,
  userId: string,
): Promise<SiteWithRole | undefined> {
  const row = await db
    .selectFrom('sites as s')
    .innerJoin('memberships as m', 'm.site_id', 's.id')
    .selectAll('s')
    .select('m.role')
    .where('s.id', '=', siteId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { role, ...site } = row;
  return { site, role };
}

/** Changes a site's name, origins and settings (each only when given). */
export function updateSite(
  db: Kysely<Database>,
  siteId: string,
  changes: { name?: string; origins?: string[]; settings?: SiteSettings; now: Date },
): Promise<SiteRow> {
  return db
    .updateTable('sites')
    .set({
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.origins === undefined ? {} : { origins: changes.origins }),
      ...(changes.settings === undefined ? {} : { settings: JSON.stringify(changes.settings) }),
      updated_at: changes.now,
    })
    .where('id', '=', siteId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes a site with everything that belongs to it (reports, members, invitations cascade). */
export async function deleteSite(db: Kysely<Database>, siteId: string): Promise<void> {
  await db.deleteFrom('sites').where('id', '=', siteId).execute();
}
