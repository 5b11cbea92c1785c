import { type Kysely, sql } from 'kysely';
import type { SiteSettings } from '../../../contract/api.js';
import type { ReportKind, ReportStatus } from '../../../contract/report.js';
import type { Database } from '../schema.js';

/** What ingest needs to know about a site. */
export interface IngestSiteRow {
  id: string;
  origins: string[];
  settings: Partial<SiteSettings> | null;
}

/** The site with this public key, or undefined. */
export function findSiteByKey(db: Kysely<Database>, key: string): Promise<IngestSiteRow | undefined> {
  return db
    .selectFrom('sites')
    .select(['id', 'origins', 'settings'])
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Whether any site lists `origin` among its allowed origins (served by the GIN index on origins). */
export async function isOriginAllowedBySomeSite(db: Kysely<Database>, origin: string): Promise<boolean> {
  const row = await db
    .selectFrom('sites')
    .select(sql<number>`1`.as('one'))
    .where(sql<boolean>`origins @> array[${origin}]::text[]`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The salt of a UTC day (`YYYY-MM-DD`), stored as `candidate` if the day has none yet; the first
 * process to store one wins and every other process reads it. Salts older than yesterday are
 * deleted then, so stored client hashes can no longer be linked to an address.
 */
export async function ipSaltForDay(db: Kysely<Database>, day: string, candidate: string): Promise<string> {
  const date = sql<Date>`${day}::date`;
  const existing = await db.selectFrom('ip_salts').select('salt').where('day', '=', date).executeTakeFirst();
  if (existing) return existing.salt;
  const inserted = await db
    .insertInto('ip_salts')
    .values({ day, salt: candidate })
    .onConflict((oc) => oc.column('day').doNothing())
    .returning('salt')
    .executeTakeFirst();
  if (inserted) {
    await db.deleteFrom('ip_salts').where('day', '<', sql<Date>`${day}::date - 1`).execute();
    return inserted.salt;
  }
  const winner = await db
    .selectFrom('ip_salts')
    .select('salt')
    .where('day', '=', date)
    .executeTakeFirstOrThrow();
  return winner.salt;
}

/** A validated report ready to store, with everything the database function needs. */
export interface StoreReportInput {
  id: string;
  siteId: string;
  url: string;
  title: string | null;
  lang: string | null;
  exact: string;
  prefix: string;
  suffix: string;
  positionStart: number | null;
  positionEnd: number | null;
  suggestion: string | null;
  comment: string | null;
  kind: ReportKind;
  groupKey: string;
  ipHash: string;
  now: Date;
  /** Start of the current UTC day: the client's daily window. */
  dayStart: Date;
  clientPerMinute: number;
  clientPerDay: number;
  /** Start of the current minute: the window of the per-site budget. */
  windowStart: Date;
  siteLimit: number;
  /** Units of the per-site budget to claim for this process (0: it holds budget already). */
  siteClaim: number;
  /** The page's own metadata (the wire format's `page`), null where absent. */
  pageAuthor: string | null;
  pageSection: string | null;
  /** ISO 8601 instant. */
  pagePublishedAt: string | null;
  /** The client's reader tag, kept 48 hours so its reader can be blocked (server/triage/reader-tags.ts). */
  readerTag?: string | null;
  /** How the report arrives: `spam` for a blocked reader (stored, not announced); default `new`. */
  status?: 'new' | 'spam';
  /** Sent with `Origin: null`: stored marked, and limited by `nullOriginLimit` a minute per site. */
  originNull?: boolean;
  nullOriginLimit?: number | null;
}

/** How the database answered a report. */
export type StoreOutcome =
  | 'inserted'
  | 'replayed'
  | 'foreign'
  | 'client_limited'
  | 'site_limited'
  | 'null_origin_limited';

/** The result of {@link storeReport}. */
export interface StoreReportResult {
  outcome: StoreOutcome;
  status: ReportStatus | null;
  duplicates: number;
  /** When a client-limited client may send again. */
  retryAt: Date | null;
  /** Per-site budget granted to this process by this call. */
  claimed: number;
  /** The report was its group's first: the group was created and its `group.created` job enqueued. */
  groupCreated: boolean;
}

/**
 * Replays, rate-limits and stores a report in one round trip through `misprint_ingest_report`
 * (migrations/0002_ingest.ts, restated in 0007_jobs_groups.ts, 0011_triage_help.ts and
 * 0016_abuse_limits.ts), which explains each outcome.
 */
export async function storeReport(db: Kysely<Database>, r: StoreReportInput): Promise<StoreReportResult> {
  const result = await sql<OutcomeRow>`select * from misprint_ingest_report(
      ${r.id}::uuid, ${r.siteId}::uuid, ${r.url}, ${r.title}, ${r.lang},
      ${r.exact}, ${r.prefix}, ${r.suffix}, ${r.positionStart}::integer, ${r.positionEnd}::integer,
      ${r.suggestion}, ${r.comment}, ${r.kind}, ${r.groupKey}, ${r.ipHash},
      ${r.now}::timestamptz, ${r.dayStart}::timestamptz, ${r.clientPerMinute}::integer, ${r.clientPerDay}::integer,
      ${r.windowStart}::timestamptz, ${r.siteLimit}::integer, ${r.siteClaim}::integer,
      ${r.pageAuthor}, ${r.pageSection}, ${r.pagePublishedAt}::timestamptz,
      ${r.readerTag ?? null}::text, ${r.status ?? 'new'}::text,
      ${r.originNull ?? false}::boolean, ${r.nullOriginLimit ?? null}::integer)`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('misprint_ingest_report returned no row');
  return toResult(row);
}

/** A row of either ingest function. */
interface OutcomeRow {
  o_outcome: StoreOutcome;
  o_status: ReportStatus | null;
  o_duplicates: number;
  o_retry_at: Date | null;
  o_claimed: number;
  o_group_created: boolean | null;
}

function toResult(row: OutcomeRow): StoreReportResult {
  return {
    outcome: row.o_outcome,
    status: row.o_status,
    duplicates: row.o_duplicates,
    retryAt: row.o_retry_at === null ? null : new Date(row.o_retry_at),
    claimed: row.o_claimed,
    groupCreated: row.o_group_created === true,
  };
}

/**
 * Stores `inputs` in order in one statement and one transaction through `misprint_ingest_batch`
 * (migrations/0005_ingest_batch.ts): the same outcomes as {@link storeReport} item by item, one
 * commit for all. Throws if any item fails, having written nothing.
 */
export async function storeReportBatch(
  db: Kysely<Database>,
  inputs: readonly StoreReportInput[],
): Promise<StoreReportResult[]> {
  const result = await sql<OutcomeRow & { o_index: number }>`
    select * from misprint_ingest_batch(${JSON.stringify(inputs)}::jsonb)`.execute(db);
  const results: StoreReportResult[] = [];
  for (const row of result.rows) results[row.o_index - 1] = toResult(row);
  const missing = inputs.findIndex((_, i) => results[i] === undefined);
  if (missing !== -1 || results.length !== inputs.length) {
    throw new Error(`misprint_ingest_batch answered ${result.rows.length} of ${inputs.length} items`);
  }
  return results;
}
