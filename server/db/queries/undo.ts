import { type Kysely, sql } from 'kysely';
import type { Role } from '../../../contract/api.js';
import type { Database } from '../schema.js';
import { reassignAndRecord } from './assignment.js';

/** Which triage actions of whom an undo takes back, and since when they still may be. */
export interface UndoScope {
  actorId: string;
  actions: readonly string[];
  /** Actions recorded before this are too old to undo. */
  since: Date;
}

/** The rows of the scope's actions, over report_events aliased `e` (report_events_action_idx). */
function scopeCondition(scope: UndoScope) {
  return sql`e.action_id = ANY(${[...scope.actions]}::uuid[]) AND e.actor_id = ${scope.actorId}::uuid
             AND e.created_at >= ${scope.since}::timestamptz`;
}

/**
 * The sites the scope's actions touched, with the actor's role there today (null: no longer a
 * member), so the caller can check each site as it checks a triage action. Empty when the actions
 * are unknown, someone else's or too old.
 */
export async function actionSites(
  db: Kysely<Database>,
  scope: UndoScope,
): Promise<{ siteId: string; role: Role | null }[]> {
  const result = await sql<{ site_id: string; role: Role | null }>`
    SELECT DISTINCT r.site_id, m.role
      FROM report_events e
      JOIN reports r ON r.id = e.report_id
      LEFT JOIN memberships m ON m.site_id = r.site_id AND m.user_id = ${scope.actorId}::uuid
     WHERE ${scopeCondition(scope)}`.execute(db);
  return result.rows.map((row) => ({ siteId: row.site_id, role: row.role }));
}

/**
 * Takes triage actions back as a new action `action`: each report the actions moved returns to the
 * status it had, and each group they assigned to the assignee it had (unless that person no longer
 * owns or edits the site: then to nobody). What changed since (a report moved again, a group
 * assigned again) is left alone. Every move is recorded like any other and announced as
 * `group.updated` (payload `{groupKey, groupId, changes: {status: {from, to}}, actorId}`, as
 * assignment's, until issue 8 defines the type). Call inside a transaction.
 */
export async function undoActions(
  db: Kysely<Database>,
  scope: UndoScope,
  action: { action: string; at: Date },
): Promise<void> {
  const { actorId } = scope;
  await sql`
    WITH ev AS (
      SELECT DISTINCT ON (e.report_id) e.report_id, e.from_status, e.to_status
        FROM report_events e
       WHERE ${scopeCondition(scope)} AND e.from_status <> e.to_status
       ORDER BY e.report_id, e.created_at DESC
    ),
    locked AS (
      SELECT x.id, x.status AS from_status, ev.from_status AS to_status
        FROM reports x
        JOIN ev ON ev.report_id = x.id
       WHERE x.status = ev.to_status
       ORDER BY x.id
         FOR UPDATE OF x
    ),
    moved AS (
      UPDATE reports r SET status = l.to_status, updated_at = ${action.at}::timestamptz
        FROM locked l
       WHERE r.id = l.id
      RETURNING r.id, r.site_id, r.group_key, l.from_status, l.to_status
    ),
    logged AS (
      INSERT INTO report_events (report_id, actor_id, from_status, to_status, note, created_at, action_id)
      SELECT id, ${actorId}::uuid, from_status, to_status, NULL, ${action.at}::timestamptz, ${action.action}::uuid
        FROM moved
      RETURNING 1
    ),
    emitted AS (
      SELECT misprint_emit(c.site_id, 'group.updated',
               jsonb_build_object('groupKey', c.group_key, 'groupId', gr.id,
                 'changes', jsonb_build_object('status', jsonb_build_object('from', c.from_status, 'to', c.to_status)),
                 'actorId', ${actorId}::uuid),
               ${action.at}::timestamptz) AS queued
        FROM (SELECT DISTINCT site_id, group_key, from_status, to_status FROM moved) c
        JOIN groups gr ON gr.site_id = c.site_id AND gr.group_key = c.group_key
    )
    SELECT (SELECT count(*) FROM logged) AS n, (SELECT count(queued) FROM emitted) AS events`.execute(db);

  const targets = sql`
    SELECT DISTINCT ON (r.site_id, r.group_key) r.site_id, r.group_key,
           CASE WHEN EXISTS (SELECT 1 FROM memberships m
                              WHERE m.site_id = r.site_id AND m.user_id = e.from_assignee_id
                                AND m.role IN ('owner', 'editor'))
                THEN e.from_assignee_id END AS to_id,
           true AS guarded, e.to_assignee_id AS expected
      FROM report_events e
      JOIN reports r ON r.id = e.report_id
     WHERE ${scopeCondition(scope)} AND e.assignee_moved
     ORDER BY r.site_id, r.group_key, e.created_at DESC`;
  await reassignAndRecord(db, targets, { actorId, ...action });
}

/** How many reports a triage action changed (a status move, an assignment or both count once). */
export async function reportsOfAction(db: Kysely<Database>, action: string): Promise<number> {
  const row = await db
    .selectFrom('report_events')
    .select((eb) => eb.fn.count<number>('report_id').distinct().as('n'))
    .where('action_id', '=', action)
    .executeTakeFirst();
  return row?.n ?? 0;
}
