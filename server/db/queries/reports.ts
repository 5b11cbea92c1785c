import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DailyStats, ReportEvent, ReportItem, Role, User } from '../../../contract/api.js';
import { REPORT_STATUSES, type ReportStatus } from '../../../contract/report.js';
import type { Database } from '../schema.js';
import { type GroupItemRow, ITEM_COLUMNS, toReportItem } from './inbox.js';

/** A report as one of the user's sites holds it, with the user's role there and its group. */
export async function findReportForUser(
  db: Kysely<Database>,
  reportId: string,
  userId: string,
): Promise<{ item: ReportItem; role: Role; groupKey: string } | undefined> {
  // A report's group bucket exists while the report does (kept by triggers); the LEFT JOIN only
  // spares a report whose bucket a concurrent move is rewriting.
  const result = await sql<
    Omit<GroupItemRow, 'report_count' | 'priority'> & {
      report_count: number | null;
      priority: number | null;
      role: Role;
    }
  >`
    SELECT ${ITEM_COLUMNS}, m.role
      FROM reports r
      JOIN memberships m ON m.site_id = r.site_id AND m.user_id = ${userId}::uuid
      JOIN sites s ON s.id = r.site_id
      JOIN groups gr ON gr.site_id = r.site_id AND gr.group_key = r.group_key
      LEFT JOIN report_groups g ON g.site_id = r.site_id AND g.group_key = r.group_key AND g.status = r.status
      LEFT JOIN users u ON u.id = gr.assignee_id
     WHERE r.id = ${reportId}::uuid`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const { role, report_count, priority, ...rest } = row;
  return {
    item: toReportItem({ ...rest, report_count: report_count ?? 1, priority: priority ?? 0 }),
    role,
    groupKey: row.group_key,
  };
}

/** A user from nullable joined columns, or null. */
function userOf(id: string | null, email: string | null, name: string | null): User | null {
  return id && email ? { id, email, name } : null;
}

/** A report's changes (status moves and its group's assignments), oldest first, with who made them. */
export async function listReportEvents(db: Kysely<Database>, reportId: string): Promise<ReportEvent[]> {
  const rows = await db
    .selectFrom('report_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .leftJoin('users as fa', 'fa.id', 'e.from_assignee_id')
    .leftJoin('users as ta', 'ta.id', 'e.to_assignee_id')
    .select([
      'e.id',
      'e.report_id',
      'e.from_status',
      'e.to_status',
      'e.note',
      'e.created_at',
      'e.assignee_moved',
      'u.id as user_id',
      'u.email',
      'u.name',
      'fa.id as from_id',
      'fa.email as from_email',
      'fa.name as from_name',
      'ta.id as to_id',
      'ta.email as to_email',
      'ta.name as to_name',
    ])
    .where('e.report_id', '=', reportId)
    .orderBy('e.created_at')
    // One action that moves and assigns records both at one instant: the move is listed first.
    .orderBy('e.assignee_moved')
    .orderBy('e.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    reportId: row.report_id,
    actor: userOf(row.user_id, row.email, row.name),
    from: row.from_status,
    to: row.to_status,
    ...(row.assignee_moved
      ? {
          assignee: {
            from: userOf(row.from_id, row.from_email, row.from_name),
            to: userOf(row.to_id, row.to_email, row.to_name),
          },
        }
      : {}),
    note: row.note,
    at: row.created_at.toISOString(),
  }));
}

/** Who changes a status, to what, and when, as part of which triage action (see undo.ts). */
export interface StatusChangeInput {
  siteId: string;
  /** The user, or null for the system (a re-check that found the typo gone). */
  actorId: string | null;
  /** Only reports still in this status move (the system must not override an editor's decision). */
  from?: ReportStatus;
  to: ReportStatus;
  note: string | null;
  at: Date;
  action: string;
}

/**
 * Moves the site's reports matching `which` (over alias `x`) to a status and records each move, in
 * one statement, so a status change without its report_events row cannot exist. Rows are locked
 * in id order first: two editors moving overlapping groups queue instead of deadlocking, and a
 * report that changed status while waiting is re-checked and left alone. Each group moved is
 * announced as `group.updated` (payload `{groupKey, groupId, changes: {status: {from, to}}, actorId}`)
 * through misprint_emit in the same statement, as assignment and undo do.
 */
async function moveAndRecord(
  db: Kysely<Database>,
  which: RawBuilder<SqlBool>,
  input: StatusChangeInput,
): Promise<number> {
  const result = await sql<{ n: number }>`
    WITH locked AS (
      SELECT x.id, x.status AS from_status FROM reports x
       WHERE x.site_id = ${input.siteId} AND x.status <> ${input.to} AND ${which}
         AND (${input.from ?? null}::text IS NULL OR x.status = ${input.from ?? null}::text)
       ORDER BY x.id
       FOR UPDATE
    ),
    moved AS (
      UPDATE reports r
         SET status = ${input.to}, note = COALESCE(${input.note}::text, r.note), updated_at = ${input.at}::timestamptz
        FROM locked
       WHERE r.id = locked.id
      RETURNING r.id, r.site_id, r.group_key, locked.from_status
    ),
    logged AS (
      INSERT INTO report_events (report_id, actor_id, from_status, to_status, note, created_at, action_id)
      SELECT id, ${input.actorId}::uuid, from_status, ${input.to}::text, ${input.note}::text, ${input.at}::timestamptz,
             ${input.action}::uuid
        FROM moved
      RETURNING 1
    ),
    emitted AS (
      SELECT misprint_emit(c.site_id, 'group.updated',
               jsonb_build_object('groupKey', c.group_key, 'groupId', gr.id,
                 'changes', jsonb_build_object('status', jsonb_build_object('from', c.from_status, 'to', ${input.to}::text)),
                 'actorId', ${input.actorId}::uuid),
               ${input.at}::timestamptz) AS queued
        FROM (SELECT DISTINCT site_id, group_key, from_status FROM moved) c
        JOIN groups gr ON gr.site_id = c.site_id AND gr.group_key = c.group_key
    )
    SELECT (SELECT count(*) FROM logged) AS n, (SELECT count(queued) FROM emitted) AS events`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/**
 * Moves a report, or (with `group`) every report of its duplicate group in the same status, to
 * another status and records each move. Returns how many reports moved (0 when already there).
 */
export function recordStatusChange(
  db: Kysely<Database>,
  input: StatusChangeInput & { reportId: string; group: boolean },
): Promise<number> {
  const which = input.group
    ? sql<SqlBool>`(x.group_key, x.status) IN (SELECT group_key, status FROM reports WHERE id = ${input.reportId}::uuid)`
    : sql<SqlBool>`x.id = ${input.reportId}::uuid`;
  return moveAndRecord(db, which, input);
}

/**
 * Moves the duplicate groups of several reports of one site to a status and records each move.
 * Ids of other sites' reports match nothing. Returns how many reports moved.
 */
export function recordBulkStatusChange(
  db: Kysely<Database>,
  input: StatusChangeInput & { reportIds: readonly string[] },
): Promise<number> {
  const which = sql<SqlBool>`(x.group_key, x.status) IN (
    SELECT group_key, status FROM reports WHERE site_id = ${input.siteId} AND id = ANY(${input.reportIds}::uuid[]))`;
  return moveAndRecord(db, which, input);
}

/** Length of the overview's window, in UTC days (today included). */
export const STATS_DAYS = 30;

/**
 * Reports received per UTC day for the last {@link STATS_DAYS} days by current status, zero-filled.
 * Listing every status lets the planner scan reports_inbox_idx once per status, index only.
 */
export async function dailyStats(
  db: Kysely<Database>,
  siteId: string,
  now: Date,
): Promise<Pick<DailyStats, 'days'>> {
  const dayMs = 86_400_000;
  const start = new Date(Math.floor(now.getTime() / dayMs) * dayMs - (STATS_DAYS - 1) * dayMs);
  const end = new Date(start.getTime() + STATS_DAYS * dayMs);
  const rows = await db
    .selectFrom('reports')
    .select([
      // Whole days since 1970-01-01 (date minus date is an integer): far cheaper per row than to_char.
      sql<number>`(received_at AT TIME ZONE 'UTC')::date - DATE '1970-01-01'`.as('day'),
      'status',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('site_id', '=', siteId)
    .where('status', 'in', REPORT_STATUSES)
    .where('received_at', '>=', start)
    .where('received_at', '<', end)
    .groupBy(['day', 'status'])
    .execute();
  const firstDay = start.getTime() / dayMs;
  const days = Array.from({ length: STATS_DAYS }, (_, i) => ({
    date: new Date(start.getTime() + i * dayMs).toISOString().slice(0, 10),
    new: 0,
    fixed: 0,
    dismissed: 0,
    spam: 0,
  }));
  for (const row of rows) {
    const day = days[row.day - firstDay];
    if (day) day[row.status] += row.n;
  }
  return { days };
}
