/**
 * The outbox (migrations/0014): deliveries fanned out from events, their attempts, the log, and the
 * group an event is about as a webhook body shows it.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Delivery, DeliveryState, NotifyEvent } from '../../../contract/channels.js';
import type { ReportStatus } from '../../../contract/report.js';
import type { ChannelsTable, Database } from '../schema.js';
import {
  type FirstReportFields,
  type FirstReportRow,
  firstReportColumns,
  firstReportFields,
  groupCountSql,
  groupStatusSql,
} from './first-report.js';

/** One event fanned out to some channels. */
export interface FanOut {
  channelIds: readonly string[];
  /** Unique per event: the same event fanned out again adds nothing. */
  eventKey: string;
  type: NotifyEvent;
  payload: unknown;
  at: Date;
  test?: boolean;
}

/**
 * Writes one delivery per channel and its `delivery` job, in one statement, so a delivery exists
 * iff its job does. Channels that already have this event get nothing new. Returns the new ids.
 */
export async function fanOutDeliveries(db: Kysely<Database>, input: FanOut): Promise<string[]> {
  if (input.channelIds.length === 0) return [];
  const result = await sql<{ id: string }>`
    WITH added AS (
      INSERT INTO deliveries (channel_id, event_key, type, payload, test, created_at, next_attempt_at)
      SELECT c, ${input.eventKey}, ${input.type}, ${JSON.stringify(input.payload)}::jsonb, ${input.test ?? false},
             ${input.at}::timestamptz, ${input.at}::timestamptz
        FROM unnest(${[...input.channelIds]}::uuid[]) AS c
      ON CONFLICT (channel_id, event_key) DO NOTHING
      RETURNING id
    ),
    queued AS (
      SELECT misprint_enqueue('delivery', jsonb_build_object('deliveryId', a.id), ${input.at}::timestamptz) AS q
        FROM added a
    )
    SELECT a.id, (SELECT count(*) FROM queued) AS n FROM added a`.execute(db);
  return result.rows.map((row) => row.id);
}

/** A delivery as its worker reads it at the start of an attempt. */
export interface PendingDelivery {
  id: string;
  channelId: string;
  eventKey: string;
  type: NotifyEvent;
  payload: unknown;
  state: DeliveryState;
  /** This attempt's number. */
  attempt: number;
  createdAt: Date;
}

/**
 * Counts an attempt of a pending delivery and answers it with its channel, in one statement;
 * undefined when the delivery is gone or settled (its channel deleted, say).
 */
export async function beginAttempt(
  db: Kysely<Database>,
  id: string,
): Promise<{ delivery: PendingDelivery; channel: Selectable<ChannelsTable> } | undefined> {
  const result = await sql<
    Selectable<ChannelsTable> & {
      d_id: string;
      d_event_key: string;
      d_type: NotifyEvent;
      d_payload: unknown;
      d_state: DeliveryState;
      d_attempts: number;
      d_created_at: Date;
    }
  >`
    WITH counted AS (
      UPDATE deliveries SET attempts = attempts + 1
       WHERE id = ${id}::uuid AND state = 'pending'
      RETURNING id, channel_id, event_key, type, payload, state, attempts, created_at
    )
    SELECT c.*, d.id AS d_id, d.event_key AS d_event_key, d.type AS d_type, d.payload AS d_payload,
           d.state AS d_state, d.attempts AS d_attempts, d.created_at AS d_created_at
      FROM counted d JOIN channels c ON c.id = d.channel_id`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const { d_id, d_event_key, d_type, d_payload, d_state, d_attempts, d_created_at, ...channel } = row;
  return {
    delivery: {
      id: d_id,
      channelId: channel.id,
      eventKey: d_event_key,
      type: d_type,
      payload: d_payload,
      state: d_state,
      attempt: d_attempts,
      createdAt: new Date(d_created_at),
    },
    channel,
  };
}

/** How one attempt ended, and where that leaves the delivery. */
export interface AttemptRecord {
  deliveryId: string;
  n: number;
  at: Date;
  status: number | null;
  durationMs: number;
  error: string | null;
  state: DeliveryState;
  nextAttemptAt: Date | null;
}

/** Records an attempt and the delivery's new state, in one statement; a success also clears the channel's failures. */
export async function recordAttempt(db: Kysely<Database>, record: AttemptRecord): Promise<void> {
  await sql`
    WITH logged AS (
      INSERT INTO delivery_attempts (delivery_id, n, at, status, duration_ms, error)
      VALUES (${record.deliveryId}::uuid, ${record.n}, ${record.at}::timestamptz, ${record.status}::int,
              ${record.durationMs}, ${record.error}::text)
      ON CONFLICT (delivery_id, n) DO NOTHING
      RETURNING 1
    ),
    healthy AS (
      UPDATE channels c SET failing_since = NULL
        FROM deliveries x
       WHERE ${record.state} = 'delivered' AND x.id = ${record.deliveryId}::uuid AND c.id = x.channel_id
         AND c.failing_since IS NOT NULL
      RETURNING 1
    )
    UPDATE deliveries d
       SET state = ${record.state}, last_status = ${record.status}::int, last_error = ${record.error}::text,
           next_attempt_at = ${record.nextAttemptAt}::timestamptz,
           delivered_at = CASE WHEN ${record.state} = 'delivered' THEN ${record.at}::timestamptz ELSE d.delivered_at END
     WHERE d.id = ${record.deliveryId}::uuid`.execute(db);
}

/** Ends a delivery without an attempt (its channel was paused or deleted meanwhile). */
export async function abandonDelivery(db: Kysely<Database>, id: string, reason: string): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ state: 'failed', last_error: reason, next_attempt_at: null })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

/** Where a page of the log starts: after this delivery. */
export interface DeliveryCursor {
  createdAt: string;
  id: string;
}

/** A page of a channel's deliveries, newest first, each with its attempts. */
export async function listDeliveries(
  db: Kysely<Database>,
  channelId: string,
  limit: number,
  after: DeliveryCursor | null,
): Promise<{ items: Delivery[]; last: DeliveryCursor | null }> {
  let query = db
    .selectFrom('deliveries')
    .selectAll()
    .where('channel_id', '=', channelId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (after) {
    query = query.where(
      sql<boolean>`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const attempts =
    page.length === 0
      ? []
      : await db
          .selectFrom('delivery_attempts')
          .selectAll()
          .where(
            'delivery_id',
            'in',
            page.map((row) => row.id),
          )
          .orderBy('delivery_id')
          .orderBy('n')
          .execute();
  const items = page.map(
    (row): Delivery => ({
      id: row.id,
      event: row.type as NotifyEvent,
      test: row.test,
      state: row.state,
      attempts: row.attempts,
      lastStatus: row.last_status,
      lastError: row.last_error,
      nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
      deliveredAt: row.delivered_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
      log: attempts
        .filter((a) => a.delivery_id === row.id)
        .map((a) => ({
          n: a.n,
          at: a.at.toISOString(),
          status: a.status,
          durationMs: a.duration_ms,
          error: a.error,
        })),
    }),
  );
  const tail = page.at(-1);
  return {
    items,
    last: rows.length > limit && tail ? { createdAt: tail.created_at.toISOString(), id: tail.id } : null,
  };
}

/** The group an event is about, as stored (the first report's fields, the group's facts). */
export interface GroupFacts extends FirstReportFields<string> {
  siteId: string;
  siteName: string;
  groupId: string;
  groupKey: string;
  status: ReportStatus;
  count: number;
  assignee: { id: string; email: string; name: string | null } | null;
  author: string | null;
  section: string | null;
  publishedAt: Date | null;
}

/** A group with its first report; undefined when either is gone (deleted by retention, say). */
export async function findGroupFacts(db: Kysely<Database>, groupId: string): Promise<GroupFacts | undefined> {
  const result = await sql<
    FirstReportRow & {
      site_id: string;
      site_name: string;
      id: string;
      group_key: string;
      title: string;
      status: ReportStatus;
      count: number;
      assignee_id: string | null;
      assignee_email: string | null;
      assignee_name: string | null;
      page_author: string | null;
      page_section: string | null;
      page_published_at: Date | null;
    }
  >`
    SELECT g.site_id, s.name AS site_name, g.id, g.group_key, ${firstReportColumns},
           coalesce(${groupStatusSql}, r.status) AS status,
           coalesce(${groupCountSql}, 1)::int AS count,
           u.id AS assignee_id, u.email AS assignee_email, u.name AS assignee_name,
           g.page_author, g.page_section, g.page_published_at
      FROM groups g
      JOIN sites s ON s.id = g.site_id
      JOIN reports r ON r.id = g.first_report_id
      LEFT JOIN users u ON u.id = g.assignee_id
     WHERE g.id = ${groupId}::uuid`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    siteId: row.site_id,
    siteName: row.site_name,
    groupId: row.id,
    groupKey: row.group_key,
    ...firstReportFields(row),
    status: row.status,
    count: Number(row.count),
    assignee:
      row.assignee_id && row.assignee_email
        ? { id: row.assignee_id, email: row.assignee_email, name: row.assignee_name }
        : null,
    author: row.page_author,
    section: row.page_section,
    publishedAt: row.page_published_at ? new Date(row.page_published_at) : null,
  };
}

/** A channel test's message: logged like any delivery, sent once by the route, never retried. */
export async function createTestDelivery(
  db: Kysely<Database>,
  input: { channelId: string; payload: unknown; at: Date },
): Promise<string> {
  const row = await db
    .insertInto('deliveries')
    .values({
      channel_id: input.channelId,
      event_key: `test:${crypto.randomUUID()}`,
      type: 'group.created',
      payload: JSON.stringify(input.payload),
      test: true,
      attempts: 1,
      created_at: input.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Deletes settled deliveries (and their attempts) created before `before`; pending ones stay. */
export async function sweepDeliveries(db: Kysely<Database>, before: Date): Promise<number> {
  const deleted = await db
    .deleteFrom('deliveries')
    .where('created_at', '<', before)
    .where('state', '<>', 'pending')
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
