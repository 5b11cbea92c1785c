/**
 * What triage help reads and writes about duplicate groups: the dictionary's verdict, spam signals,
 * the facts behind an item's priority and reasons, and blocked readers (migrations/0011).
 */
import { type Kysely, sql } from 'kysely';
import type { BlockedReader, PageCheckResult, ReportItem, Spelling } from '../../../contract/api.js';
import type { ReportKind } from '../../../contract/report.js';
import { reasonsFor } from '../../triage/reasons.js';
import type { Database } from '../schema.js';

/** A group's first (or announcing) report, as the group.created steps read it. */
export interface GroupReport {
  kind: ReportKind;
  lang: string | null;
  exact: string;
  suggestion: string | null;
  comment: string | null;
  ipHash: string;
  receivedAt: Date;
}

/** The report a group.created job names, or undefined when it is gone. */
export async function findGroupReport(
  db: Kysely<Database>,
  reportId: string,
): Promise<GroupReport | undefined> {
  const row = await db
    .selectFrom('reports')
    .select(['kind', 'lang', 'quote_exact', 'suggestion', 'comment', 'ip_hash', 'received_at'])
    .where('id', '=', reportId)
    .executeTakeFirst();
  return (
    row && {
      kind: row.kind,
      lang: row.lang,
      exact: row.quote_exact,
      suggestion: row.suggestion,
      comment: row.comment,
      ipHash: row.ip_hash,
      receivedAt: row.received_at,
    }
  );
}

/** Stores the dictionary's verdict on a group (its buckets are re-ranked by the groups trigger). */
export async function recordSpelling(
  db: Kysely<Database>,
  group: { siteId: string; groupKey: string },
  spelling: Spelling,
): Promise<void> {
  await db
    .updateTable('groups')
    .set({ spelling: JSON.stringify(spelling) })
    .where('site_id', '=', group.siteId)
    .where('group_key', '=', group.groupKey)
    .execute();
}

/** Adds spam signals to a group, keeping those it has (re-ranked by the groups trigger). */
export async function addSpamSignals(
  db: Kysely<Database>,
  group: { siteId: string; groupKey: string },
  signals: readonly string[],
): Promise<void> {
  if (signals.length === 0) return;
  await sql`
    UPDATE groups SET spam_signals = ARRAY(SELECT DISTINCT s FROM unnest(spam_signals || ${signals}::text[]) AS s ORDER BY s)
     WHERE site_id = ${group.siteId}::uuid AND group_key = ${group.groupKey}
       AND NOT (spam_signals @> ${signals}::text[])`.execute(db);
}

/**
 * Distinct pages a client hash reported on a site since `since` (its hash is daily, so at most
 * one UTC day), read through reports_client_idx.
 */
export async function countClientPages(
  db: Kysely<Database>,
  input: { siteId: string; ipHash: string; since: Date },
): Promise<number> {
  const row = await db
    .selectFrom('reports')
    .select(sql<number>`count(DISTINCT url)::int`.as('n'))
    .where('site_id', '=', input.siteId)
    .where('ip_hash', '=', input.ipHash)
    .where('received_at', '>=', input.since)
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Marks every group a client hash reported in since `since` with a signal. The groups are locked in
 * id order first: the steps of one flooding client's new groups run at once on every replica, and
 * updates taking the same rows in different orders would deadlock.
 */
export async function markClientGroups(
  db: Kysely<Database>,
  input: { siteId: string; ipHash: string; since: Date; signal: string },
): Promise<void> {
  await sql`
    WITH target AS (
      SELECT g.id FROM groups g
       WHERE g.site_id = ${input.siteId}::uuid
         AND g.group_key IN (SELECT r.group_key FROM reports r
                              WHERE r.site_id = ${input.siteId}::uuid AND r.ip_hash = ${input.ipHash}
                                AND r.received_at >= ${input.since}::timestamptz)
         AND NOT (${input.signal}::text = ANY (g.spam_signals))
       ORDER BY g.id
         FOR UPDATE
    )
    UPDATE groups g SET spam_signals = ARRAY(SELECT DISTINCT s FROM unnest(g.spam_signals || ${input.signal}::text) AS s ORDER BY s)
      FROM target t
     WHERE g.id = t.id AND NOT (${input.signal}::text = ANY (g.spam_signals))`.execute(db);
}

/** The stored verdict as the contract types it (jsonb arrives parsed; anything else reads as none). */
function spellingOf(value: unknown): Spelling | null {
  if (typeof value !== 'object' || value === null || !('known' in value) || !('suggestions' in value))
    return null;
  const { known, suggestions } = value;
  if (typeof known !== 'boolean' || !Array.isArray(suggestions)) return null;
  return { known, suggestions: suggestions.filter((s): s is string => typeof s === 'string') };
}

function checkResultOf(value: string | null): PageCheckResult | null {
  return value === 'still_there' || value === 'fixed' || value === 'page_changed' ? value : null;
}

/**
 * Items completed with what triage help knows about their groups: priority (of the item's bucket),
 * reasons, spelling and the last page check. One indexed query for the whole page.
 */
export async function withTriage(
  db: Kysely<Database>,
  items: ReportItem[],
  now: Date,
): Promise<ReportItem[]> {
  if (items.length === 0) return items;
  const rows = await db
    .selectFrom('reports as r')
    .innerJoin('groups as g', (join) =>
      join.onRef('g.site_id', '=', 'r.site_id').onRef('g.group_key', '=', 'r.group_key'),
    )
    .leftJoin('report_groups as rg', (join) =>
      join
        .onRef('rg.site_id', '=', 'r.site_id')
        .onRef('rg.group_key', '=', 'r.group_key')
        .onRef('rg.status', '=', 'r.status'),
    )
    .select([
      'r.id',
      'g.readers',
      'g.spelling',
      'g.spam_signals',
      'g.page_published_at',
      'g.checked_at',
      'g.check_result',
      'rg.priority',
      'rg.last_received_at',
      'r.received_at',
    ])
    .where(
      'r.id',
      'in',
      items.map((item) => item.id),
    )
    .execute();
  const facts = new Map(rows.map((row) => [row.id, row]));
  return items.map((item) => {
    const row = facts.get(item.id);
    if (!row) return item;
    const spelling = spellingOf(row.spelling);
    const result = checkResultOf(row.check_result);
    return {
      ...item,
      priority: row.priority ?? item.priority,
      spelling,
      check: row.checked_at && result ? { at: row.checked_at.toISOString(), result } : null,
      reasons: reasonsFor(
        {
          readers: row.readers,
          spelling,
          spamSignals: row.spam_signals,
          pagePublishedAt: row.page_published_at,
          lastReceivedAt: row.last_received_at ?? row.received_at,
        },
        now,
      ),
    };
  });
}

/** The reader tag held for a report's client hash (48 hours), with the report's site; undefined when gone. */
export async function findReportReaderTag(
  db: Kysely<Database>,
  reportId: string,
): Promise<{ siteId: string; tag: string | null } | undefined> {
  return db
    .selectFrom('reports as r')
    .leftJoin('reader_tags as t', (join) =>
      join.onRef('t.site_id', '=', 'r.site_id').onRef('t.ip_hash', '=', 'r.ip_hash'),
    )
    .select(['r.site_id as siteId', 't.tag'])
    .where('r.id', '=', reportId)
    .executeTakeFirst();
}

function toBlockedReader(row: {
  id: string;
  report_id: string | null;
  created_at: Date;
  expires_at: Date;
}): BlockedReader {
  return {
    id: row.id,
    reportId: row.report_id,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}

/** Blocks a reader tag on a site until `expiresAt` (a repeated block extends it). */
export async function blockReader(
  db: Kysely<Database>,
  input: { siteId: string; tag: string; reportId: string; blockedBy: string; at: Date; expiresAt: Date },
): Promise<BlockedReader> {
  const row = await db
    .insertInto('blocked_readers')
    .values({
      site_id: input.siteId,
      tag: input.tag,
      report_id: input.reportId,
      blocked_by: input.blockedBy,
      created_at: input.at,
      expires_at: input.expiresAt,
    })
    .onConflict((oc) =>
      oc.columns(['site_id', 'tag']).doUpdateSet({
        report_id: input.reportId,
        blocked_by: input.blockedBy,
        created_at: input.at,
        expires_at: input.expiresAt,
      }),
    )
    .returning(['id', 'report_id', 'created_at', 'expires_at'])
    .executeTakeFirstOrThrow();
  return toBlockedReader(row);
}

/** A site's blocks still in force, newest first. */
export async function listBlockedReaders(
  db: Kysely<Database>,
  siteId: string,
  now: Date,
): Promise<BlockedReader[]> {
  const rows = await db
    .selectFrom('blocked_readers')
    .select(['id', 'report_id', 'created_at', 'expires_at'])
    .where('site_id', '=', siteId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toBlockedReader);
}

/** Lifts a block; false when the site has no such block. */
export async function unblockReader(db: Kysely<Database>, siteId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('blocked_readers')
    .where('site_id', '=', siteId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The tags blocked on a site at `now` (ingest caches them per site). */
export async function blockedTags(db: Kysely<Database>, siteId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('blocked_readers')
    .select('tag')
    .where('site_id', '=', siteId)
    .where('expires_at', '>', now)
    .execute();
  return rows.map((row) => row.tag);
}

/**
 * The key of a reader-tag period, stored as `candidate` if the period has none yet (the first
 * process wins, as with client-hash salts); keys older than the previous period are deleted then.
 */
export async function readerKeyForPeriod(
  db: Kysely<Database>,
  period: number,
  candidate: string,
): Promise<string> {
  const existing = await db
    .selectFrom('reader_keys')
    .select('key')
    .where('period', '=', period)
    .executeTakeFirst();
  if (existing) return existing.key;
  const inserted = await db
    .insertInto('reader_keys')
    .values({ period, key: candidate })
    .onConflict((oc) => oc.column('period').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) {
    await db
      .deleteFrom('reader_keys')
      .where('period', '<', period - 1)
      .execute();
    return inserted.key;
  }
  return (
    await db.selectFrom('reader_keys').select('key').where('period', '=', period).executeTakeFirstOrThrow()
  ).key;
}

/** The key of a past period if it is still kept. */
export async function readerKeyIfKept(db: Kysely<Database>, period: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('reader_keys')
    .select('key')
    .where('period', '=', period)
    .executeTakeFirst();
  return row?.key;
}

/**
 * Forgets what blocking no longer needs: reader tags older than `tagsBefore` (their client hashes
 * are cleared then too), and blocks that expired before `now`. Returns how many rows went.
 */
export async function forgetReaders(db: Kysely<Database>, tagsBefore: Date, now: Date): Promise<number> {
  const tags = await db.deleteFrom('reader_tags').where('created_at', '<', tagsBefore).executeTakeFirst();
  const blocks = await db.deleteFrom('blocked_readers').where('expires_at', '<=', now).executeTakeFirst();
  return Number(tags.numDeletedRows) + Number(blocks.numDeletedRows);
}
