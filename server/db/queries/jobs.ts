import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** A connection or a transaction: jobs are enqueued inside the caller's transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

/** What to enqueue. */
export interface NewJob {
  kind: string;
  payload?: unknown;
  /** When it becomes due; default: at once. */
  runAt: Date;
  /** Makes the job unique; the row is kept after completion so the key cannot run twice. */
  dedupeKey?: string;
}

/**
 * Adds a job. With a `dedupeKey` that is already taken (pending or done) nothing is added and the
 * answer is false.
 */
export async function enqueueJob(db: Executor, job: NewJob): Promise<boolean> {
  const result = await db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      payload: JSON.stringify(job.payload ?? {}),
      run_at: job.runAt,
      dedupe_key: job.dedupeKey ?? null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** A job a worker holds: only the holder of `lockToken` can finish or reschedule it. */
export interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  /** Attempts so far, this one included. */
  attempts: number;
  lockToken: string;
  runAt: Date;
  createdAt: Date;
  dedupeKey: string | null;
}

/** How many jobs of a kind a worker takes at most in one claim, and for how long (default: `leaseMs`). */
export interface ClaimRequest {
  kind: string;
  limit: number;
  leaseMs?: number;
}

/**
 * Claims due jobs for a worker, at most `limit` of each kind, oldest due first. Rows another
 * worker is claiming at this instant are skipped (`SKIP LOCKED`), so concurrent workers never get
 * the same row; a claimed row is invisible to every claim until its lease ends at `now` plus its
 * kind's lease (so a dead worker's quick jobs are taken again soon, whatever slow kinds it ran).
 */
export async function claimJobs(
  db: Kysely<Database>,
  requests: readonly ClaimRequest[],
  now: Date,
  leaseMs: number,
): Promise<ClaimedJob[]> {
  const wanted = requests.filter((r) => r.limit > 0);
  if (wanted.length === 0) return [];
  const result = await sql<{
    id: number;
    kind: string;
    payload: unknown;
    attempts: number;
    lock_token: string;
    run_at: Date;
    created_at: Date;
    dedupe_key: string | null;
  }>`
    WITH due AS (
      SELECT j.id, k.lease
        FROM unnest(${wanted.map((r) => r.kind)}::text[], ${wanted.map((r) => r.limit)}::int[],
                    ${wanted.map((r) => r.leaseMs ?? leaseMs)}::int[]) AS k(kind, cap, lease)
       CROSS JOIN LATERAL (
             SELECT x.id FROM jobs x
              WHERE x.kind = k.kind AND x.done_at IS NULL AND x.run_at <= ${now}::timestamptz
                AND (x.locked_until IS NULL OR x.locked_until <= ${now}::timestamptz)
              ORDER BY x.run_at, x.id
              LIMIT k.cap
                FOR UPDATE SKIP LOCKED
           ) j
    )
    UPDATE jobs j
       SET attempts = j.attempts + 1, lock_token = gen_random_uuid(),
           locked_until = ${now}::timestamptz + due.lease * interval '1 millisecond'
      FROM due
     WHERE j.id = due.id
    RETURNING j.id, j.kind, j.payload, j.attempts, j.lock_token, j.run_at, j.created_at, j.dedupe_key`.execute(
    db,
  );
  return result.rows
    .map((row) => ({
      id: Number(row.id),
      kind: row.kind,
      payload: row.payload,
      attempts: row.attempts,
      lockToken: row.lock_token,
      runAt: new Date(row.run_at),
      createdAt: new Date(row.created_at),
      dedupeKey: row.dedupe_key,
    }))
    .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
}

/**
 * Finishes a held job: deleted, or kept as done when it carries a dedupe key (so its period cannot
 * run again) or an error worth keeping. False when the lease was lost to another worker.
 */
export async function finishJob(
  db: Kysely<Database>,
  job: Pick<ClaimedJob, 'id' | 'lockToken' | 'dedupeKey'>,
  now: Date,
  error: string | null = null,
): Promise<boolean> {
  if (job.dedupeKey === null && error === null) {
    const deleted = await db
      .deleteFrom('jobs')
      .where('id', '=', job.id)
      .where('lock_token', '=', job.lockToken)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0;
  }
  const updated = await db
    .updateTable('jobs')
    .set({ done_at: now, lock_token: null, locked_until: null, last_error: error })
    .where('id', '=', job.id)
    .where('lock_token', '=', job.lockToken)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** Puts a held job back to run at `runAt`. False when the lease was lost to another worker. */
export async function rescheduleJob(
  db: Kysely<Database>,
  job: Pick<ClaimedJob, 'id' | 'lockToken'>,
  runAt: Date,
  error: string | null,
): Promise<boolean> {
  const updated = await db
    .updateTable('jobs')
    .set({ run_at: runAt, lock_token: null, locked_until: null, last_error: error })
    .where('id', '=', job.id)
    .where('lock_token', '=', job.lockToken)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** Deletes finished jobs older than `before`: done periods and failures kept for inspection. */
export async function sweepFinishedJobs(db: Kysely<Database>, before: Date): Promise<number> {
  const deleted = await db.deleteFrom('jobs').where('done_at', '<', before).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** Pending jobs per kind (due or not, held or not): the queue's depth, for metrics and tests. */
export async function countPendingJobs(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('done_at', 'is', null)
    .groupBy('kind')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.kind, Number(row.n)]));
}

/**
 * Extends a held job's lease to `until` (a long job's heartbeat). False when the lease was lost,
 * which tells the worker that another worker may run the job now.
 */
export async function extendJobLease(
  db: Kysely<Database>,
  job: Pick<ClaimedJob, 'id' | 'lockToken'>,
  until: Date,
): Promise<boolean> {
  const updated = await db
    .updateTable('jobs')
    .set({ locked_until: until })
    .where('id', '=', job.id)
    .where('lock_token', '=', job.lockToken)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/**
 * Makes a held job due again at once and lets any worker take it: what a stopping worker does with
 * the jobs it could not finish in time, so another replica need not wait for the lease to end.
 */
export async function releaseJob(
  db: Kysely<Database>,
  job: Pick<ClaimedJob, 'id' | 'lockToken'>,
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ lock_token: null, locked_until: null })
    .where('id', '=', job.id)
    .where('lock_token', '=', job.lockToken)
    .execute();
}
