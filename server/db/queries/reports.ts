import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DailyStats, ReportEvent, ReportItem, Role, StatusCounts } from '../../../contract/api.js';
import { REPORT_STATUSES, type ReportKind, type ReportStatus } from '../../../contract/report.js';
import type { Database, ReportRow } from '../schema.js';

/** Filters of the inbox, applied to each duplicate group's newest report (the one the inbox shows). */
export interface ReportFilters {
  kind?: ReportKind;
  url?: string;
  /** Case-insensitive substring of the selection, suggestion, comment or page title. */
  q?: string;
}

/**
 * Where a keyset page starts: the last group of the previous page. The time is in microseconds since
 * the epoch because PostgreSQL keeps microseconds and a JS Date would round them away, which would
 * skip or repeat groups received within the same millisecond.
 */
export interface GroupCursor {
  receivedMicros: number;
  groupKey: string;
  status: ReportStatus;
}

/** A page of report groups and the cursor of its last one (null on the last page). */
export interface ReportGroupPage {
  items: ReportItem[];
  next: GroupCursor | null;
}

/**
 * The API's view of a report row. What triage help learned about its group (priority, reasons,
 * spelling, page check) starts empty; `withTriage` (queries/triage.ts) fills it in.
 */
export function toReportItem(row: ReportRow, groupCount: number): ReportItem {
  return {
    id: row.id,
    siteId: row.site_id,
    url: row.url,
    title: row.title,
    lang: row.lang,
    quote: { exact: row.quote_exact, prefix: row.quote_prefix, suffix: row.quote_suffix },
    position:
      row.position_start === null || row.position_end === null
        ? null
        : { start: row.position_start, end: row.position_end },
    suggestion: row.suggestion,
    comment: row.comment,
    kind: row.kind,
    status: row.status,
    note: row.note,
    groupCount,
    receivedAt: row.received_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    priority: 0,
    reasons: [],
    spelling: null,
    check: null,
  };
}

/** `LIKE` pattern for a literal substring: the wildcards and the escape character are escaped. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The filters on the newest report's text and page, as SQL over the report aliased `r`. The kind is
 * not among them: report_groups carries the newest report's kind (0006), see {@link kindCondition}.
 */
function filterConditions(filters: ReportFilters): RawBuilder<SqlBool>[] {
  const conditions: RawBuilder<SqlBool>[] = [];
  if (filters.url) conditions.push(sql<SqlBool>`r.url = ${filters.url}`);
  if (filters.q) {
    const pattern = containsPattern(filters.q);
    conditions.push(
      sql<SqlBool>`(r.quote_exact ILIKE ${pattern} OR r.suggestion ILIKE ${pattern} OR r.comment ILIKE ${pattern} OR r.title ILIKE ${pattern})`,
    );
  }
  return conditions;
}

/**
 * The kind filter over the group aliased `g`: its copy of the newest report's kind, which leads
 * report_groups_kind_idx and report_groups_kind_all_idx, so a rare kind is a range scan, not a walk.
 */
function kindCondition(kind: ReportKind): RawBuilder<SqlBool> {
  return sql<SqlBool>`g.latest_kind = ${kind}`;
}

/** Microseconds since the epoch, exactly (extract returns numeric since PostgreSQL 14). */
const MICROS = sql<number>`(extract(epoch from g.last_received_at) * 1000000)::int8`;

/**
 * One page of a site's duplicate groups, newest first: each item is the group's newest report with
 * the group's size. With a status this is a range scan of report_groups_inbox_idx; without, of
 * report_groups_all_idx (0003), where status breaks ties between a text's groups in two statuses.
 * A kind filter moves the scan to the matching kind index of 0006.
 */
export async function listReportGroups(
  db: Kysely<Database>,
  input: {
    siteId: string;
    status?: ReportStatus;
    filters: ReportFilters;
    after: GroupCursor | null;
    limit: number;
  },
): Promise<ReportGroupPage> {
  const { siteId, status, after, limit } = input;
  let query = db
    .selectFrom('report_groups as g')
    .innerJoin('reports as r', 'r.id', 'g.latest_report_id')
    .selectAll('r')
    .select(['g.report_count', 'g.group_key as g_key', 'g.status as g_status', MICROS.as('g_micros')])
    .where('g.site_id', '=', siteId);
  if (status) query = query.where('g.status', '=', status);
  if (input.filters.kind) query = query.where(kindCondition(input.filters.kind));
  for (const condition of filterConditions(input.filters)) query = query.where(condition);
  if (after) {
    const at = sql`(timestamptz 'epoch' + ${after.receivedMicros}::int8 * interval '1 microsecond')`;
    query = query.where(
      status
        ? sql<SqlBool>`(g.last_received_at, g.group_key) < (${at}, ${after.groupKey})`
        : sql<SqlBool>`(g.last_received_at, g.group_key, g.status) < (${at}, ${after.groupKey}, ${after.status})`,
    );
  }
  const rows = await query
    .orderBy('g.last_received_at', 'desc')
    .orderBy('g.group_key', 'desc')
    .orderBy('g.status', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ report_count, g_key: _key, g_status: _status, g_micros: _micros, ...report }) =>
      toReportItem(report, report_count),
    ),
    next:
      rows.length > limit && last
        ? { receivedMicros: last.g_micros, groupKey: last.g_key, status: last.g_status }
        : null,
  };
}

/** Pending deltas of a site beyond which a count folds them into one row per (status, kind). */
const FOLD_AFTER = 64;

/**
 * Duplicate groups per status under the same filters, zero for statuses without any.
 *
 * Without a text or page filter the answer is the sum of the site's deltas in report_group_counts
 * (0006): a few dozen rows however large the site, and the kind is one of its columns. A text or
 * page filter counts the groups whose newest report matches, starting from that filter's index.
 */
export async function countReportGroups(
  db: Kysely<Database>,
  siteId: string,
  filters: ReportFilters,
): Promise<StatusCounts> {
  const counts: StatusCounts = { new: 0, fixed: 0, dismissed: 0, spam: 0 };
  if (filters.url || filters.q) {
    for (const row of await countMatchingGroups(db, siteId, filters)) counts[row.status] = row.n;
    return counts;
  }
  const kind = filters.kind ?? null;
  const result = await sql<{ status: ReportStatus; n: number | null; deltas: number }>`
    SELECT status, sum(delta) FILTER (WHERE ${kind}::text IS NULL OR kind = ${kind}::text) AS n,
           count(*) AS deltas
      FROM report_group_counts
     WHERE site_id = ${siteId}::uuid
     GROUP BY status`.execute(db);
  let deltas = 0;
  for (const row of result.rows) {
    counts[row.status] = row.n ?? 0;
    deltas += row.deltas;
  }
  if (deltas > FOLD_AFTER) await foldGroupCounts(db, siteId);
  return counts;
}

/** Groups per status whose newest report matches the text or page filters (and the kind, if given). */
function countMatchingGroups(
  db: Kysely<Database>,
  siteId: string,
  filters: ReportFilters,
): Promise<{ status: ReportStatus; n: number }[]> {
  let query = db
    .selectFrom('report_groups as g')
    .select(['g.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('g.site_id', '=', siteId)
    .where(({ exists, selectFrom }) =>
      exists(
        filterConditions(filters).reduce(
          (sub, condition) => sub.where(condition),
          selectFrom('reports as r').select(sql`1`.as('one')).whereRef('r.id', '=', 'g.latest_report_id'),
        ),
      ),
    );
  if (filters.kind) query = query.where(kindCondition(filters.kind));
  return query.groupBy('g.status').execute();
}

/**
 * Replaces a site's count deltas by their sums, one row per (status, kind), in one statement, so a
 * concurrent reader sees either the deltas or their sums. Deltas inserted meanwhile are invisible
 * to the DELETE and stay. The advisory lock keeps two folds of one site from deadlocking on each
 * other's rows; a fold that finds it taken leaves the work to the one holding it.
 */
async function foldGroupCounts(db: Kysely<Database>, siteId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const lock = await sql<{ taken: boolean }>`
      SELECT pg_try_advisory_xact_lock(hashtext('misprint.report_group_counts'), hashtext(${siteId})) AS taken`.execute(
      trx,
    );
    if (!lock.rows[0]?.taken) return;
    await sql`
      WITH gone AS (DELETE FROM report_group_counts WHERE site_id = ${siteId}::uuid RETURNING status, kind, delta)
      INSERT INTO report_group_counts (site_id, status, kind, delta)
      SELECT ${siteId}::uuid, status, kind, sum(delta)::int FROM gone
       GROUP BY status, kind HAVING sum(delta) <> 0`.execute(trx);
  });
}

/** A report as one of the user's sites holds it, with the user's role there and its group's size. */
export async function findReportForUser(
  db: Kysely<Database>,
  reportId: string,
  userId: string,
): Promise<{ item: ReportItem; role: Role; groupKey: string } | undefined> {
  const row = await db
    .selectFrom('reports as r')
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.site_id', '=', 'r.site_id').on('m.user_id', '=', userId),
    )
    .leftJoin('report_groups as g', (join) =>
      join
        .onRef('g.site_id', '=', 'r.site_id')
        .onRef('g.group_key', '=', 'r.group_key')
        .onRef('g.status', '=', 'r.status'),
    )
    .selectAll('r')
    .select(['m.role', 'g.report_count'])
    .where('r.id', '=', reportId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { role, report_count, ...report } = row;
  return { item: toReportItem(report, report_count ?? 1), role, groupKey: report.group_key };
}

/** A report's status changes, oldest first, with who made them. */
export async function listReportEvents(db: Kysely<Database>, reportId: string): Promise<ReportEvent[]> {
  const rows = await db
    .selectFrom('report_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select([
      'e.id',
      'e.report_id',
      'e.from_status',
      'e.to_status',
      'e.note',
      'e.created_at',
      'u.id as user_id',
      'u.email',
      'u.name',
    ])
    .where('e.report_id', '=', reportId)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    reportId: row.report_id,
    actor: row.user_id && row.email ? { id: row.user_id, email: row.email, name: row.name } : null,
    from: row.from_status,
    to: row.to_status,
    note: row.note,
    at: row.created_at.toISOString(),
  }));
}

/** Who changes a status, to what, and when. */
export interface StatusChangeInput {
  siteId: string;
  /** The user, or null for the system (a re-check that found the typo gone). */
  actorId: string | null;
  /** Only reports still in this status move (the system must not override an editor's decision). */
  from?: ReportStatus;
  to: ReportStatus;
  note: string | null;
  at: Date;
}

/**
 * Moves the site's reports matching `which` (over alias `x`) to a status and records each move, in
 * one statement, so a status change without its report_events row cannot exist. Rows are locked
 * in id order first: two editors moving overlapping groups queue instead of deadlocking, and a
 * report that changed status while waiting is re-checked and left alone.
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
      RETURNING r.id, locked.from_status
    ),
    logged AS (
      INSERT INTO report_events (report_id, actor_id, from_status, to_status, note, created_at)
      SELECT id, ${input.actorId}::uuid, from_status, ${input.to}::text, ${input.note}::text, ${input.at}::timestamptz
        FROM moved
      RETURNING 1
    )
    SELECT count(*) AS n FROM logged`.execute(db);
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
export async function dailyStats(db: Kysely<Database>, siteId: string, now: Date): Promise<DailyStats> {
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
