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
    snippet: embedSnippet(publicOrigin, row.key),
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
    await trx.insertInto('memberships').values({ site_id: site.id, user_id: input.ownerId, role: 'owner' }).execute();
    return site;
  });
}
