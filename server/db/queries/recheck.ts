/** What page re-checks read and write (migrations/0011_triage_help.ts). */
import { type Kysely, sql } from 'kysely';
import type { PageCheckResult } from '../../../contract/api.js';
import type { Database } from '../schema.js';

/** An open group as a re-check needs it: its newest report's page and quote. */
export interface OpenGroup {
  groupKey: string;
  reportId: string;
  url: string;
  exact: string;
  prefix: string;
  suffix: string;
  checkedAt: Date | null;
}

/**
 * A site's open (`new`) groups, least recently checked first, optionally only those whose URL
 * (without query and fragment) is `pagePath`; the caller compares pages exactly.
 */
export async function listOpenGroups(
  db: Kysely<Database>,
  siteId: string,
  pagePath?: string,
): Promise<OpenGroup[]> {
  let query = db
    .selectFrom('report_groups as rg')
    .innerJoin('reports as r', 'r.id', 'rg.latest_report_id')
    .leftJoin('groups as g', (join) =>
      join.onRef('g.site_id', '=', 'rg.site_id').onRef('g.group_key', '=', 'rg.group_key'),
    )
    .select([
      'rg.group_key',
      'r.id',
      'r.url',
      'r.quote_exact',
      'r.quote_prefix',
      'r.quote_suffix',
      'g.checked_at',
    ])
    .where('rg.site_id', '=', siteId)
    .where('rg.status', '=', 'new');
  if (pagePath !== undefined) {
    query = query.where(sql<boolean>`split_part(split_part(r.url, '#', 1), '?', 1) = ${pagePath}`);
  }
  const rows = await query.orderBy(sql`g.checked_at NULLS FIRST`).orderBy('rg.group_key').execute();
  return rows.map((row) => ({
    groupKey: row.group_key,
    reportId: row.id,
    url: row.url,
    exact: row.quote_exact,
    prefix: row.quote_prefix,
    suffix: row.quote_suffix,
    checkedAt: row.checked_at,
  }));
}

/** Records when groups were checked and what was found. */
export async function recordPageCheck(
  db: Kysely<Database>,
  input: { siteId: string; groupKeys: readonly string[]; result: PageCheckResult; at: Date },
): Promise<void> {
  if (input.groupKeys.length === 0) return;
  await db
    .updateTable('groups')
    .set({ checked_at: input.at, check_result: input.result })
    .where('site_id', '=', input.siteId)
    .where('group_key', 'in', input.groupKeys)
    .execute();
}

/**
 * Reserves the site's next fetch slot, shared by every replica: the later of `now` and the
 * previous slot plus `intervalMs`. Returns when the fetch may start.
 */
export async function takeFetchSlot(
  db: Kysely<Database>,
  siteId: string,
  now: Date,
  intervalMs: number,
): Promise<Date> {
  const result = await sql<{ slot: Date }>`
    INSERT INTO recheck_pacing AS p (site_id, next_slot)
    VALUES (${siteId}::uuid, ${now}::timestamptz + ${intervalMs}::int * interval '1 millisecond')
    ON CONFLICT (site_id) DO UPDATE
      SET next_slot = GREATEST(p.next_slot, ${now}::timestamptz) + ${intervalMs}::int * interval '1 millisecond'
    RETURNING p.next_slot - ${intervalMs}::int * interval '1 millisecond' AS slot`.execute(db);
  const row = result.rows[0];
  return row ? new Date(row.slot) : now;
}

/** The origins a site allows, as stored. */
export async function siteOriginsById(db: Kysely<Database>, siteId: string): Promise<string[] | undefined> {
  const row = await db.selectFrom('sites').select('origins').where('id', '=', siteId).executeTakeFirst();
  return row?.origins;
}

/** Sites with at least one open group (one index probe per site). */
export async function sitesWithOpenGroups(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('sites as s')
    .select('s.id')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('report_groups as rg')
          .select(sql`1`.as('one'))
          .whereRef('rg.site_id', '=', 's.id')
          .where('rg.status', '=', 'new'),
      ),
    )
    .execute();
  return rows.map((row) => row.id);
}
