import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { InboxSort, ReportItem, StatusCounts } from '../../../contract/api.js';
import { COUNT_CAP } from '../../../contract/api.js';
import { REPORT_STATUSES, type ReportKind, type ReportStatus } from '../../../contract/report.js';
import type { Database, ReportRow } from '../schema.js';

/**
 * Filters of the inbox. Kind, url and text apply to each duplicate group's newest report (the one
 * the inbox shows); assignee, author and section to the group.
 */
export interface ReportFilters {
  kind?: ReportKind;
  url?: string;
  /** Case-insensitive substring of the selection, suggestion, comment or page title. */
  q?: string;
  /** A user id, or null for groups assigned to nobody; undefined means anyone. */
  assignee?: string | null;
  /** The page's author or section, compared case-insensitively (the stored value is trimmed). */
  author?: string;
  section?: string;
}

/**
 * Where a keyset page starts: the last group of the previous page, in the page's sort. The time is
 * in microseconds since the epoch because PostgreSQL keeps microseconds and a JS Date would round
 * them away, which would skip or repeat groups received within the same millisecond.
 */
export interface GroupCursor {
  sort: InboxSort;
  receivedMicros: number;
  groupKey: string;
  status: ReportStatus;
  /** The group's site: groups of several sites may tie on every other key. */
  siteId: string;
  priority: number;
}

/** A page of report groups and the cursor of its last one (null on the last page). */
export interface ReportGroupPage {
  items: ReportItem[];
  next: GroupCursor | null;
}

/** A report row with what the inbox shows of its group, site and assignee. */
export interface GroupItemRow extends ReportRow {
  report_count: number;
  site_name: string;
  group_id: string;
  assignee_id: string | null;
  assignee_email: string | null;
  assignee_name: string | null;
  group_author: string | null;
  group_section: string | null;
  priority: number;
}

/**
 * The API's view of a report row and its group. The reasons, spelling and page check start empty;
 * `withTriage` (queries/triage.ts) fills them in for a page of items with one more query.
 */
export function toReportItem(row: GroupItemRow): ReportItem {
  return {
    id: row.id,
    siteId: row.site_id,
    siteName: row.site_name,
    groupId: row.group_id,
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
    groupCount: row.report_count,
    assignee:
      row.assignee_id && row.assignee_email
        ? { id: row.assignee_id, email: row.assignee_email, name: row.assignee_name }
        : null,
    author: row.group_author,
    section: row.group_section,
    receivedAt: row.received_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    // What triage help learned about the group: `withTriage` (queries/triage.ts) fills the rest.
    priority: row.priority,
    reasons: [],
    spelling: null,
    check: null,
    originNull: row.origin_null,
  };
}

/**
 * The columns a report item needs beyond the report aliased `r`: its group bucket `g`, the group
 * `gr`, the site `s` and the assignee `u`.
 */
export const ITEM_COLUMNS = sql`r.*, g.report_count, s.name AS site_name, gr.id AS group_id,
  gr.assignee_id, u.email AS assignee_email, u.name AS assignee_name,
  gr.page_author AS group_author, gr.page_section AS group_section, g.priority`;

/** `LIKE` pattern for a literal substring: the wildcards and the escape character are escaped. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The conditions of `filters` on the report aliased `r` (its own text and page). */
export function reportConditions(filters: Pick<ReportFilters, 'url' | 'q'>): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
  if (filters.url) conditions.push(sql`r.url = ${filters.url}`);
  if (filters.q) {
    const pattern = containsPattern(filters.q);
    conditions.push(
      sql`(r.quote_exact ILIKE ${pattern} OR r.suggestion ILIKE ${pattern} OR r.comment ILIKE ${pattern} OR r.title ILIKE ${pattern})`,
    );
  }
  return conditions;
}

/**
 * The conditions of `filters` on the group aliased `gr`. Author and section are compared as
 * lower-case (groups_author_idx, groups_section_idx of 0010); the IS NOT NULL lets the planner use
 * those partial indexes.
 */
export function groupConditions(
  filters: Pick<ReportFilters, 'assignee' | 'author' | 'section'>,
): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
  if (filters.assignee === null) conditions.push(sql`gr.assignee_id IS NULL`);
  else if (filters.assignee !== undefined) conditions.push(sql`gr.assignee_id = ${filters.assignee}::uuid`);
  if (filters.author)
    conditions.push(
      sql`gr.page_author IS NOT NULL AND lower(gr.page_author) = lower(${filters.author.trim()})`,
    );
  if (filters.section)
    conditions.push(
      sql`gr.page_section IS NOT NULL AND lower(gr.page_section) = lower(${filters.section.trim()})`,
    );
  return conditions;
}

/** `a AND b AND …`, or true. */
function and(conditions: readonly RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length === 0 ? sql`true` : sql.join(conditions, sql` AND `);
}

/** Microseconds since the epoch of a timestamptz expression, exactly (numeric since PostgreSQL 14). */
function micros(expression: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(extract(epoch from ${expression}) * 1000000)::int8`;
}

/** A timestamptz from microseconds since the epoch, for keyset comparisons. */
function fromMicros(value: number): RawBuilder<unknown> {
  return sql`(timestamptz 'epoch' + ${value}::int8 * interval '1 microsecond')`;
}

/**
 * The columns each sort orders by, over the group bucket aliased `alias`, and its direction. The
 * status breaks ties between one text's groups in two statuses (all-statuses view only); each
 * order is an index order of report_groups (0001/0003/0006/0007/0010), read backwards for `oldest`.
 */
function sortKeys(sort: InboxSort, alias: string, withStatus: boolean) {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const keys = [
    ...(sort === 'priority' ? [column('priority')] : []),
    column('last_received_at'),
    column('group_key'),
    ...(withStatus ? [column('status')] : []),
  ];
  return { keys, direction: sort === 'oldest' ? sql`ASC` : sql`DESC` };
}

/** The cursor's values in the order of {@link sortKeys}. */
function cursorValues(after: GroupCursor, withStatus: boolean): RawBuilder<unknown>[] {
  return [
    ...(after.sort === 'priority' ? [sql`${after.priority}::float8`] : []),
    fromMicros(after.receivedMicros),
    sql`${after.groupKey}::text`,
    ...(withStatus ? [sql`${after.status}::text`] : []),
  ];
}

/** What one page of the inbox is asked for. */
export interface GroupPageInput {
  /** One site, or every site of the caller (the all-sites inbox). */
  siteIds: readonly string[];
  status?: ReportStatus;
  filters: ReportFilters;
  /** Default `newest`, the API's order before sorts existed. */
  sort?: InboxSort;
  after: GroupCursor | null;
  limit: number;
}

/**
 * One page of duplicate groups in the chosen order: each item is the group's newest report with the
 * group's size, site, assignee and page metadata.
 *
 * One site's page is a range scan of the report_groups index of that sort, status and kind (a text
 * or page filter may start from its own index instead, see 0004), stopped after `limit + 1` groups.
 * Across sites, the same scan runs per site (a LATERAL join) and the sites' first pages are merged:
 * the work grows with the number of sites, not with the size of the largest one, and a member of a
 * few sites on a large server never reads other tenants' groups.
 */
export async function listReportGroups(
  db: Kysely<Database>,
  input: GroupPageInput,
): Promise<ReportGroupPage> {
  const { siteIds, status, filters, after, limit } = input;
  const sort = input.sort ?? 'newest';
  if (after && after.sort !== sort) throw new Error('cursor of another sort');
  const many = siteIds.length > 1;
  const withStatus = status === undefined;

  const page = (siteRef: RawBuilder<unknown>) => {
    const { keys, direction } = sortKeys(sort, 'g', withStatus);
    const conditions = [sql`g.site_id = ${siteRef}`];
    if (status) conditions.push(sql`g.status = ${status}`);
    // report_groups carries the newest report's kind (0006): a rare kind is a range of an index.
    if (filters.kind) conditions.push(sql`g.latest_kind = ${filters.kind}`);
    conditions.push(...reportConditions(filters), ...groupConditions(filters));
    if (after) {
      // Across sites, groups of two sites may tie on every key: the site id breaks the tie.
      const left = [...keys, ...(many ? [sql.ref('g.site_id')] : [])];
      const right = [...cursorValues(after, withStatus), ...(many ? [sql`${after.siteId}::uuid`] : [])];
      const op = sort === 'oldest' ? sql`>` : sql`<`;
      conditions.push(sql`(${sql.join(left)}) ${op} (${sql.join(right)})`);
    }
    const needsReport = Boolean(filters.url || filters.q);
    const needsGroup = filters.assignee !== undefined || Boolean(filters.author || filters.section);
    return sql`
      SELECT g.site_id, g.group_key, g.status, g.priority, g.last_received_at, g.latest_report_id, g.report_count
        FROM report_groups g
        ${needsReport ? sql`JOIN reports r ON r.id = g.latest_report_id` : sql``}
        ${needsGroup ? sql`JOIN groups gr ON gr.site_id = g.site_id AND gr.group_key = g.group_key` : sql``}
       WHERE ${and(conditions)}
       ORDER BY ${sql.join(keys.map((key) => sql`${key} ${direction}`))}
       LIMIT ${limit + 1}`;
  };

  const order = (alias: string) => {
    const { keys, direction } = sortKeys(sort, alias, withStatus);
    const all = many ? [...keys, sql.ref(`${alias}.site_id`)] : keys;
    return sql.join(all.map((key) => sql`${key} ${direction}`));
  };

  const groups = many
    ? sql`
      SELECT i.* FROM unnest(${[...siteIds]}::uuid[]) AS site(id)
       CROSS JOIN LATERAL (${page(sql.ref('site.id'))}) AS i
       ORDER BY ${order('i')}
       LIMIT ${limit + 1}`
    : page(sql`${siteIds[0] ?? null}::uuid`);

  // The page is chosen first; only its rows are joined to their report, group, site and assignee.
  const rows = await sql<GroupItemRow & { g_micros: number }>`
    SELECT ${ITEM_COLUMNS}, ${micros(sql.ref('g.last_received_at'))} AS g_micros
      FROM (${groups}) AS g
      JOIN reports r ON r.id = g.latest_report_id
      JOIN groups gr ON gr.site_id = g.site_id AND gr.group_key = g.group_key
      JOIN sites s ON s.id = g.site_id
      LEFT JOIN users u ON u.id = gr.assignee_id
     ORDER BY ${order('g')}`.execute(db);

  const items = rows.rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toReportItem),
    next:
      rows.rows.length > limit && last
        ? {
            sort,
            receivedMicros: last.g_micros,
            groupKey: last.group_key,
            status: last.status,
            siteId: last.site_id,
            priority: last.priority,
          }
        : null,
  };
}

/** Pending deltas of a site beyond which a count folds them into one row per (status, kind). */
const FOLD_AFTER = 64;

/**
 * Duplicate groups per status under the same filters, zero for statuses without any, over one site
 * or several (summed).
 *
 * Without a text, page or person filter the answer is the sum of the sites' deltas in
 * report_group_counts (0006): a few dozen rows per site however large, and the kind is one of its
 * columns. With one, each status counts the matching groups up to {@link COUNT_CAP} and stops: a
 * search for a word in a third of a million reports reads a few thousand groups, not all of them.
 */
export async function countReportGroups(
  db: Kysely<Database>,
  siteIds: readonly string[],
  filters: ReportFilters,
): Promise<StatusCounts> {
  const counts: StatusCounts = { new: 0, fixed: 0, dismissed: 0, spam: 0 };
  if (siteIds.length === 0) return counts;
  if (filters.url || filters.q || filters.assignee !== undefined || filters.author || filters.section) {
    const row = await countMatchingGroups(db, siteIds, filters);
    for (const status of REPORT_STATUSES) counts[status] = row?.[status] ?? 0;
    return counts;
  }
  const kind = filters.kind ?? null;
  const result = await sql<{ site_id: string; status: ReportStatus; n: number | null; deltas: number }>`
    SELECT site_id, status, sum(delta) FILTER (WHERE ${kind}::text IS NULL OR kind = ${kind}::text) AS n,
           count(*) AS deltas
      FROM report_group_counts
     WHERE site_id = ANY(${[...siteIds]}::uuid[])
     GROUP BY site_id, status`.execute(db);
  const deltas = new Map<string, number>();
  for (const row of result.rows) {
    counts[row.status] += row.n ?? 0;
    deltas.set(row.site_id, (deltas.get(row.site_id) ?? 0) + row.deltas);
  }
  for (const [siteId, n] of deltas) if (n > FOLD_AFTER) await foldGroupCounts(db, siteId);
  return counts;
}

/**
 * Groups per status whose newest report and group match the filters, each count stopped at
 * {@link COUNT_CAP}. One scalar subquery per status, so each is planned with its own statistics and
 * its LIMIT ends the scan as soon as the cap is reached.
 */
async function countMatchingGroups(
  db: Kysely<Database>,
  siteIds: readonly string[],
  filters: ReportFilters,
): Promise<Record<ReportStatus, number> | undefined> {
  const sites =
    siteIds.length === 1
      ? sql`g.site_id = ${siteIds[0] ?? null}::uuid`
      : sql`g.site_id = ANY(${[...siteIds]}::uuid[])`;
  const needsReport = Boolean(filters.url || filters.q);
  const needsGroup = filters.assignee !== undefined || Boolean(filters.author || filters.section);
  const count = (status: ReportStatus) => {
    const conditions = [sites, sql`g.status = ${status}`];
    if (filters.kind) conditions.push(sql`g.latest_kind = ${filters.kind}`);
    conditions.push(...reportConditions(filters), ...groupConditions(filters));
    return sql`(SELECT count(*) FROM (
      SELECT 1 FROM report_groups g
        ${needsReport ? sql`JOIN reports r ON r.id = g.latest_report_id` : sql``}
        ${needsGroup ? sql`JOIN groups gr ON gr.site_id = g.site_id AND gr.group_key = g.group_key` : sql``}
       WHERE ${and(conditions)}
       LIMIT ${COUNT_CAP}) AS matching)`;
  };
  const result = await sql<Record<ReportStatus, number>>`
    SELECT ${sql.join(REPORT_STATUSES.map((status) => sql`${count(status)} AS ${sql.ref(status)}`))}`.execute(
    db,
  );
  return result.rows[0];
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
