import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../schema.js';

/** Who may be assigned groups of a site: its owners and editors (DESIGN.md "Editors' day"). */
const ASSIGNABLE_ROLES = ['owner', 'editor'] as const;

/** The ids among `userIds` that own or edit the site, so rules and assignments can only name them. */
export async function assignableUsers(
  db: Kysely<Database>,
  siteId: string,
  userIds: readonly string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('site_id', '=', siteId)
    .where('user_id', 'in', [...new Set(userIds)])
    .where('role', 'in', ASSIGNABLE_ROLES)
    .execute();
  return new Set(rows.map((row) => row.user_id));
}

/** Who assigns, as part of which triage action, and when. */
export interface ReassignInput {
  actorId: string;
  action: string;
  at: Date;
}

/**
 * Gives groups new assignees and records it, in one statement: `targets` is a query of
 * `(site_id, group_key, to_id, guarded, expected)` rows; a guarded row changes its group only while
 * the group's assignee is still `expected` (an undo must not overwrite a later assignment). Each changed group is locked in key order first (two editors
 * assigning overlapping groups queue, and a group assigned meanwhile is re-checked), every report of
 * the group gets a history row (the detail page of any of them shows who assigned it), and
 * `group.updated` is emitted through misprint_emit in the same statement, so nothing is announced
 * that did not commit. Returns how many reports' groups changed assignee.
 *
 * The event's payload is `{groupKey, groupId, changes: {assignee: {from, to}}, actorId}` until the
 * notifications work (issue 8) defines the type in contract/.
 */
export async function reassignAndRecord(
  db: Kysely<Database>,
  targets: RawBuilder<unknown>,
  input: ReassignInput,
): Promise<number> {
  const result = await sql<{ n: number }>`
    WITH target AS (${targets}),
    locked AS (
      SELECT g.site_id, g.group_key, g.assignee_id AS from_id, t.to_id
        FROM groups g
        JOIN target t ON t.site_id = g.site_id AND t.group_key = g.group_key
       WHERE g.assignee_id IS DISTINCT FROM t.to_id
         AND (NOT t.guarded OR g.assignee_id IS NOT DISTINCT FROM t.expected)
       ORDER BY g.site_id, g.group_key
         FOR UPDATE OF g
    ),
    moved AS (
      UPDATE groups g SET assignee_id = l.to_id
        FROM locked l
       WHERE g.site_id = l.site_id AND g.group_key = l.group_key
      RETURNING g.site_id, g.group_key, g.id, l.from_id, l.to_id
    ),
    logged AS (
      INSERT INTO report_events (report_id, actor_id, from_status, to_status, assignee_moved,
                                 from_assignee_id, to_assignee_id, action_id, created_at)
      SELECT r.id, ${input.actorId}::uuid, r.status, r.status, true, m.from_id, m.to_id, ${input.action}::uuid,
             ${input.at}::timestamptz
        FROM moved m
        JOIN reports r ON r.site_id = m.site_id AND r.group_key = m.group_key
      RETURNING 1
    ),
    emitted AS (
      SELECT misprint_emit(m.site_id, 'group.updated',
               jsonb_build_object('groupKey', m.group_key, 'groupId', m.id,
                 'changes', jsonb_build_object('assignee', jsonb_build_object('from', m.from_id, 'to', m.to_id)),
                 'actorId', ${input.actorId}::uuid),
               ${input.at}::timestamptz) AS queued
        FROM moved m
    )
    SELECT (SELECT count(*) FROM logged) AS n, (SELECT count(queued) FROM emitted) AS events`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/**
 * Assigns the groups of reports of one site (each report's whole group, every status) to `to`
 * (null: nobody). Ids of other sites' reports match nothing. Returns how many reports' groups changed.
 */
export function assignGroups(
  db: Kysely<Database>,
  input: ReassignInput & { siteId: string; reportIds: readonly string[]; to: string | null },
): Promise<number> {
  const targets = sql`
    SELECT DISTINCT r.site_id, r.group_key, ${input.to}::uuid AS to_id, false AS guarded, NULL::uuid AS expected
      FROM reports r
     WHERE r.site_id = ${input.siteId}::uuid AND r.id = ANY(${[...input.reportIds]}::uuid[])`;
  return reassignAndRecord(db, targets, input);
}
