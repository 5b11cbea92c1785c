/** E-mail notifications: members' choices, instant mails waiting to go out, digests' groups, signing keys. */
import { type Kysely, sql } from 'kysely';
import type { EmailChoice, Role } from '../../../contract/api.js';
import type { ReportStatus } from '../../../contract/report.js';
import type { Database } from '../schema.js';
import {
  type FirstReportFields,
  type FirstReportRow,
  firstReportColumns,
  firstReportFields,
  groupCountSql,
  groupStatusSql,
} from './first-report.js';
import { enqueueJob } from './jobs.js';

/** The choice of a member who never made one (DESIGN.md "Notifications"). */
export function defaultEmailChoice(role: Role): EmailChoice {
  return role === 'viewer' ? 'off' : 'daily';
}

/** The member's effective choice for a site; undefined when the user is not a member. */
export async function findEmailChoice(
  db: Kysely<Database>,
  siteId: string,
  userId: string,
): Promise<EmailChoice | undefined> {
  const row = await db
    .selectFrom('memberships as m')
    .leftJoin('email_preferences as p', (join) =>
      join.onRef('p.site_id', '=', 'm.site_id').onRef('p.user_id', '=', 'm.user_id'),
    )
    .select(['m.role', 'p.email'])
    .where('m.site_id', '=', siteId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  return row.email ?? defaultEmailChoice(row.role);
}

/**
 * Records a member's choice; false when the user is not a member of the site. Turning instant mail
 * off drops the groups that were waiting for the next one.
 */
export async function setEmailChoice(
  db: Kysely<Database>,
  input: { siteId: string; userId: string; email: EmailChoice; now: Date },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom('memberships')
      .select('role')
      .where('site_id', '=', input.siteId)
      .where('user_id', '=', input.userId)
      .executeTakeFirst();
    if (!member) return false;
    await trx
      .insertInto('email_preferences')
      .values({ site_id: input.siteId, user_id: input.userId, email: input.email, updated_at: input.now })
      .onConflict((oc) =>
        oc.columns(['site_id', 'user_id']).doUpdateSet({ email: input.email, updated_at: input.now }),
      )
      .execute();
    if (input.email !== 'instant') {
      await trx
        .deleteFrom('email_pending')
        .where('site_id', '=', input.siteId)
        .where('user_id', '=', input.userId)
        .where('job_id', 'is', null)
        .execute();
    }
    return true;
  });
}

/** Someone a mail goes to. */
export interface Recipient {
  userId: string;
  email: string;
}

/**
 * The members who want an instant mail about a new group: their choice is `instant` and the group
 * is assigned to them or to nobody.
 */
export async function instantRecipients(db: Kysely<Database>, groupId: string): Promise<Recipient[]> {
  const result = await sql<{ user_id: string; email: string }>`
    SELECT u.id AS user_id, u.email
      FROM groups g
      JOIN memberships m ON m.site_id = g.site_id
      JOIN users u ON u.id = m.user_id
      LEFT JOIN email_preferences p ON p.site_id = m.site_id AND p.user_id = m.user_id
     WHERE g.id = ${groupId}
       AND coalesce(p.email, CASE WHEN m.role = 'viewer' THEN 'off' ELSE 'daily' END) = 'instant'
       AND (g.assignee_id IS NULL OR g.assignee_id = m.user_id)
     ORDER BY u.id`.execute(db);
  return result.rows.map((row) => ({ userId: row.user_id, email: row.email }));
}

/** The job kind that sends one member's instant mail of a site. */
export const INSTANT_MAIL_JOB = 'mail.instant';

/**
 * Puts a new group in a member's next instant mail, and schedules that mail unless one is already
 * scheduled: at once, or `gapMs` after the last one. Idempotent: a group is queued once.
 */
export async function queueInstantGroup(
  db: Kysely<Database>,
  input: { siteId: string; userId: string; groupId: string; now: Date; gapMs: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('email_instant_state')
      .values({ site_id: input.siteId, user_id: input.userId })
      .onConflict((oc) => oc.columns(['site_id', 'user_id']).doNothing())
      .execute();
    // The member's row is locked before the group is queued: a mail job taking the queue holds the
    // same lock, so either it sees this group or this step sees its schedule cleared and schedules
    // the next mail. (Without it, a group queued while the job ran could be left with no job.)
    const state = await trx
      .selectFrom('email_instant_state')
      .select(['last_sent_at', 'scheduled_at'])
      .where('site_id', '=', input.siteId)
      .where('user_id', '=', input.userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('email_pending')
      .values({
        site_id: input.siteId,
        user_id: input.userId,
        group_id: input.groupId,
        created_at: input.now,
      })
      .onConflict((oc) => oc.columns(['site_id', 'user_id', 'group_id']).doNothing())
      .execute();
    if (state.scheduled_at !== null) return;
    const earliest = state.last_sent_at ? state.last_sent_at.getTime() + input.gapMs : 0;
    const runAt = new Date(Math.max(input.now.getTime(), earliest));
    await trx
      .updateTable('email_instant_state')
      .set({ scheduled_at: runAt })
      .where('site_id', '=', input.siteId)
      .where('user_id', '=', input.userId)
      .execute();
    await enqueueJob(trx, {
      kind: INSTANT_MAIL_JOB,
      payload: { siteId: input.siteId, userId: input.userId },
      runAt,
    });
  });
}

/** What an instant mail job finds when it starts. */
export type InstantBatch =
  /** Too soon after the last mail (a job scheduled by a race): run again then. */
  | { wait: Date }
  /** The groups to send (possibly none), now marked as this job's. */
  | { groupIds: string[]; recipient: Recipient | null };

/**
 * Takes the groups waiting for a member's instant mail for the job `jobId` and records the mail as
 * sent now, so a group arriving while it is sent waits `gapMs`. A retried job takes its own groups
 * again. When the member no longer wants instant mail, the waiting groups are dropped.
 */
export async function takeInstantBatch(
  db: Kysely<Database>,
  input: { siteId: string; userId: string; jobId: number; now: Date; gapMs: number },
): Promise<InstantBatch> {
  return db.transaction().execute(async (trx) => {
    const state = await trx
      .selectFrom('email_instant_state')
      .select(['last_sent_at'])
      .where('site_id', '=', input.siteId)
      .where('user_id', '=', input.userId)
      .forUpdate()
      .executeTakeFirst();
    const own = await trx
      .selectFrom('email_pending')
      .select('group_id')
      .where('job_id', '=', input.jobId)
      .executeTakeFirst();
    const last = state?.last_sent_at;
    if (!own && last && last.getTime() + input.gapMs > input.now.getTime()) {
      return { wait: new Date(last.getTime() + input.gapMs) };
    }
    await trx
      .updateTable('email_instant_state')
      .set({ scheduled_at: null, ...(own ? {} : { last_sent_at: input.now }) })
      .where('site_id', '=', input.siteId)
      .where('user_id', '=', input.userId)
      .execute();
    const choice = await sql<{ email: string; choice: EmailChoice }>`
      SELECT u.email, coalesce(p.email, CASE WHEN m.role = 'viewer' THEN 'off' ELSE 'daily' END) AS choice
        FROM memberships m
        JOIN users u ON u.id = m.user_id
        LEFT JOIN email_preferences p ON p.site_id = m.site_id AND p.user_id = m.user_id
       WHERE m.site_id = ${input.siteId} AND m.user_id = ${input.userId}`.execute(trx);
    const member = choice.rows[0];
    if (member?.choice !== 'instant') {
      await trx
        .deleteFrom('email_pending')
        .where('site_id', '=', input.siteId)
        .where('user_id', '=', input.userId)
        .execute();
      return { groupIds: [], recipient: null };
    }
    const taken = await trx
      .updateTable('email_pending')
      .set({ job_id: input.jobId })
      .where('site_id', '=', input.siteId)
      .where('user_id', '=', input.userId)
      .where((eb) => eb.or([eb('job_id', 'is', null), eb('job_id', '=', input.jobId)]))
      .returning('group_id')
      .execute();
    return {
      groupIds: taken.map((row) => row.group_id),
      recipient: { userId: input.userId, email: member.email },
    };
  });
}

/** Forgets the groups an instant mail job sent. */
export async function finishInstantBatch(db: Kysely<Database>, jobId: number): Promise<void> {
  await db.deleteFrom('email_pending').where('job_id', '=', jobId).execute();
}

/** A group as a mail tells of it. */
export interface MailGroup extends FirstReportFields {
  id: string;
  status: ReportStatus;
  count: number;
  createdAt: Date;
}

interface MailGroupRow extends FirstReportRow {
  id: string;
  status: ReportStatus | null;
  count: number | string | null;
  created_at: Date;
}

const mailGroupColumns = sql`
  g.id, ${firstReportColumns}, g.created_at, ${groupStatusSql} AS status, ${groupCountSql} AS count`;

function toMailGroup(row: MailGroupRow): MailGroup {
  return {
    id: row.id,
    ...firstReportFields(row),
    status: row.status ?? 'new',
    count: Number(row.count ?? 1),
    createdAt: new Date(row.created_at),
  };
}

/** The groups with these ids that still exist, oldest first. */
export async function mailGroups(db: Kysely<Database>, ids: readonly string[]): Promise<MailGroup[]> {
  if (ids.length === 0) return [];
  const result = await sql<MailGroupRow>`
    SELECT ${mailGroupColumns}
      FROM groups g JOIN reports r ON r.id = g.first_report_id
     WHERE g.id = ANY (${[...ids]}::uuid[])
     ORDER BY g.created_at, g.id`.execute(db);
  return result.rows.map(toMailGroup);
}

/** A site's groups that arrived in `[from, to)`, oldest first: at most `limit`, and how many in all. */
export async function groupsBetween(
  db: Kysely<Database>,
  siteId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<{ groups: MailGroup[]; total: number }> {
  const [listed, counted] = await Promise.all([
    sql<MailGroupRow>`
      SELECT ${mailGroupColumns}
        FROM groups g JOIN reports r ON r.id = g.first_report_id
       WHERE g.site_id = ${siteId} AND g.created_at >= ${from} AND g.created_at < ${to}
       ORDER BY g.created_at, g.id
       LIMIT ${limit}`.execute(db),
    sql<{ total: number | string }>`
      SELECT count(*) AS total FROM groups g
       WHERE g.site_id = ${siteId} AND g.created_at >= ${from} AND g.created_at < ${to}`.execute(db),
  ]);
  return { groups: listed.rows.map(toMailGroup), total: Number(counted.rows[0]?.total ?? 0) };
}

/** A site as the digest check sees it: its time zone and the last local day it handled. */
export interface DigestSite {
  id: string;
  timezone: string;
  /** `YYYY-MM-DD`, or null before its first digest day. */
  lastDay: string | null;
}

/** Every site (or one) with its time zone and last digest day: one row per site. */
export async function digestSites(db: Kysely<Database>, siteId?: string): Promise<DigestSite[]> {
  let query = db
    .selectFrom('sites as s')
    .leftJoin('email_digest_days as d', 'd.site_id', 's.id')
    .select(['s.id', 's.settings', 'd.day']);
  if (siteId !== undefined) query = query.where('s.id', '=', siteId);
  const rows = await query.execute();
  return rows.map((row) => ({ id: row.id, timezone: row.settings?.timezone ?? 'UTC', lastDay: row.day }));
}

/** The members of a site whose choice is `daily`. */
export async function digestRecipients(db: Kysely<Database>, siteId: string): Promise<Recipient[]> {
  const result = await sql<{ user_id: string; email: string }>`
    SELECT u.id AS user_id, u.email
      FROM memberships m
      JOIN users u ON u.id = m.user_id
      LEFT JOIN email_preferences p ON p.site_id = m.site_id AND p.user_id = m.user_id
     WHERE m.site_id = ${siteId}
       AND coalesce(p.email, CASE WHEN m.role = 'viewer' THEN 'off' ELSE 'daily' END) = 'daily'
     ORDER BY u.id`.execute(db);
  return result.rows.map((row) => ({ userId: row.user_id, email: row.email }));
}

/** Records that a site's digests of `day` were enqueued (or that there was nothing to send). */
export async function markDigestDay(
  db: Kysely<Database>,
  siteId: string,
  day: string,
  now: Date,
): Promise<void> {
  await db
    .insertInto('email_digest_days')
    .values({ site_id: siteId, day, checked_at: now })
    .onConflict((oc) => oc.column('site_id').doUpdateSet({ day, checked_at: now }))
    .execute();
}

/** A site's name, or undefined when it is gone. */
export async function siteName(db: Kysely<Database>, siteId: string): Promise<string | undefined> {
  const row = await db.selectFrom('sites').select('name').where('id', '=', siteId).executeTakeFirst();
  return row?.name;
}

/** The user's e-mail address and name, or undefined when the user is gone. */
export async function findAddressee(
  db: Kysely<Database>,
  siteId: string,
  userId: string,
): Promise<{ email: string; siteName: string } | undefined> {
  return db
    .selectFrom('users as u')
    .innerJoin('sites as s', (join) => join.on('s.id', '=', siteId))
    .select(['u.email', 's.name as siteName'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/** The signing key called `name`: the stored one, or `candidate` stored by the first replica to ask. */
export async function serverKey(db: Kysely<Database>, name: string, candidate: string): Promise<string> {
  await db
    .insertInto('server_keys')
    .values({ name, key: candidate })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('server_keys')
    .select('key')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.key;
}
