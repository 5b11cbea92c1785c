/** Notification channels of a site (migrations/0014): created, listed, changed, paused, found. */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Role } from '../../../contract/api.js';
import type { ChannelFilter, ChannelType, NotifyEvent, PauseReason } from '../../../contract/channels.js';
import type { ChannelConfig } from '../../notify/channel-config.js';
import type { ChannelsTable, Database } from '../schema.js';

/** A channel as stored, secret included: for the server's own use, never answered as is. */
export interface StoredChannel {
  id: string;
  siteId: string;
  type: ChannelType;
  name: string;
  events: NotifyEvent[];
  filter: ChannelFilter;
  config: ChannelConfig;
  secret: string | null;
  pausedAt: Date | null;
  pausedReason: PauseReason | null;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A channel row as the server uses it. */
export function stored(row: Selectable<ChannelsTable>): StoredChannel {
  return {
    id: row.id,
    siteId: row.site_id,
    type: row.type,
    name: row.name,
    events: row.events.filter(
      (e): e is NotifyEvent => e === 'group.created' || e === 'report.created' || e === 'group.updated',
    ),
    filter: row.filter,
    config: row.config,
    secret: row.secret,
    pausedAt: row.paused_at,
    pausedReason: row.paused_reason,
    failingSince: row.failing_since,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What a new channel is made of: its stored settings, who adds it and when. */
export interface NewChannel
  extends Pick<StoredChannel, 'siteId' | 'type' | 'name' | 'events' | 'filter' | 'config' | 'secret'> {
  createdBy: string;
  at: Date;
}

/** Adds a channel (its trigger adds its events to the site's `notify_events`). */
export async function createChannel(db: Kysely<Database>, input: NewChannel): Promise<StoredChannel> {
  const row = await db
    .insertInto('channels')
    .values({
      site_id: input.siteId,
      type: input.type,
      name: input.name,
      events: input.events,
      filter: JSON.stringify(input.filter),
      config: JSON.stringify(input.config),
      secret: input.secret,
      created_by: input.createdBy,
      created_at: input.at,
      updated_at: input.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return stored(row);
}

/** A site's channels, oldest first. */
export async function listChannels(db: Kysely<Database>, siteId: string): Promise<StoredChannel[]> {
  const rows = await db
    .selectFrom('channels')
    .selectAll()
    .where('site_id', '=', siteId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(stored);
}

/** A channel by id. */
export async function findChannel(db: Kysely<Database>, id: string): Promise<StoredChannel | undefined> {
  const row = await db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
  return row && stored(row);
}

/** A channel with the caller's role on its site; undefined when it does not exist or is another site's. */
export async function findChannelForUser(
  db: Kysely<Database>,
  id: string,
  userId: string,
): Promise<{ channel: StoredChannel; role: Role } | undefined> {
  const row = await db
    .selectFrom('channels as c')
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.site_id', '=', 'c.site_id').on('m.user_id', '=', userId),
    )
    .selectAll('c')
    .select('m.role')
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { role, ...channel } = row;
  return { channel: stored(channel), role };
}

/** The changes of one `PATCH`; `paused` pauses (by the owner) or resumes. */
export interface ChannelChanges {
  name?: string;
  events?: NotifyEvent[];
  filter?: ChannelFilter;
  config?: ChannelConfig;
  secret?: string;
  paused?: boolean;
  at: Date;
}

/** Changes a channel; resuming also forgets its failures, so it gets a fresh 24 hours. */
export async function updateChannel(
  db: Kysely<Database>,
  id: string,
  changes: ChannelChanges,
): Promise<StoredChannel> {
  const row = await db
    .updateTable('channels')
    .set({
      updated_at: changes.at,
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.events !== undefined ? { events: changes.events } : {}),
      ...(changes.filter !== undefined ? { filter: JSON.stringify(changes.filter) } : {}),
      ...(changes.config !== undefined ? { config: JSON.stringify(changes.config) } : {}),
      ...(changes.secret !== undefined ? { secret: changes.secret } : {}),
      ...(changes.paused === true
        ? {
            paused_at: sql<Date>`coalesce(paused_at, ${changes.at}::timestamptz)`,
            paused_reason: sql<PauseReason>`coalesce(paused_reason, 'owner')`,
          }
        : changes.paused === false
          ? { paused_at: null, paused_reason: null, failing_since: null }
          : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return stored(row);
}

/** Deletes a channel with its deliveries. */
export async function deleteChannel(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('channels').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A delivery succeeded: the channel is healthy again. */
export async function markChannelHealthy(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('channels')
    .set({ failing_since: null })
    .where('id', '=', id)
    .where('failing_since', 'is not', null)
    .execute();
}

/**
 * A delivery failed at `at`: the channel is failing since its first failure in a row, and is paused
 * (reason `failing`) once that is `pauseAfterMs` ago. Answers whether this call paused it.
 */
export async function markChannelFailing(
  db: Kysely<Database>,
  id: string,
  at: Date,
  pauseAfterMs: number,
): Promise<boolean> {
  const result = await sql<{ paused: boolean }>`
    UPDATE channels c
       SET failing_since = coalesce(c.failing_since, ${at}::timestamptz),
           paused_at = CASE WHEN c.paused_at IS NULL
                             AND coalesce(c.failing_since, ${at}::timestamptz) <= ${at}::timestamptz - ${pauseAfterMs}::int * interval '1 millisecond'
                            THEN ${at}::timestamptz ELSE c.paused_at END,
           paused_reason = CASE WHEN c.paused_at IS NULL
                             AND coalesce(c.failing_since, ${at}::timestamptz) <= ${at}::timestamptz - ${pauseAfterMs}::int * interval '1 millisecond'
                            THEN 'failing' ELSE c.paused_reason END
     WHERE c.id = ${id}::uuid
    RETURNING (c.paused_reason = 'failing' AND c.paused_at = ${at}::timestamptz) AS paused`.execute(db);
  return result.rows[0]?.paused === true;
}

/** The GitHub issue a channel opened for a group, if any. */
export async function findChannelIssue(
  db: Kysely<Database>,
  channelId: string,
  groupId: string,
): Promise<{ number: number; closedAt: Date | null } | undefined> {
  const row = await db
    .selectFrom('channel_issues')
    .select(['number', 'closed_at'])
    .where('channel_id', '=', channelId)
    .where('group_id', '=', groupId)
    .executeTakeFirst();
  return row && { number: row.number, closedAt: row.closed_at };
}

/** Remembers the issue opened for a group (kept by the first writer). */
export async function rememberChannelIssue(
  db: Kysely<Database>,
  channelId: string,
  groupId: string,
  number: number,
): Promise<void> {
  await db
    .insertInto('channel_issues')
    .values({ channel_id: channelId, group_id: groupId, number })
    .onConflict((oc) => oc.columns(['channel_id', 'group_id']).doNothing())
    .execute();
}

/** Notes that a group's issue was closed. */
export async function closeChannelIssue(
  db: Kysely<Database>,
  channelId: string,
  groupId: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('channel_issues')
    .set({ closed_at: at })
    .where('channel_id', '=', channelId)
    .where('group_id', '=', groupId)
    .execute();
}

/** The events something listens to on a site (sites.notify_events). */
export async function siteNotifyEvents(db: Kysely<Database>, siteId: string): Promise<string[]> {
  const row = await db
    .selectFrom('sites')
    .select('notify_events')
    .where('id', '=', siteId)
    .executeTakeFirst();
  return row?.notify_events ?? [];
}
