import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

/** A throttle key and the most attempts it may have in a window. */
export interface AttemptBudget {
  readonly key: string;
  readonly limit: number;
}

/**
 * Counts one sign-in attempt against the client key and then the account key in the window
 * starting at `windowStart`, in one statement: each upsert's conditional update takes the row lock
 * and re-reads the count, so however many attempts run in parallel, at most `limit` of them are
 * granted per key and window, and the locks last one statement (never a transaction that holds a
 * pooled connection while it waits). The account is counted only when the client was granted; a
 * client granted for an account that was not gets its attempt back. Always client, then account,
 * so two reservations take their row locks in the same order. Old windows go with retention's sweep.
 */
export async function reserveLoginAttempt(
  db: Kysely<Database>,
  client: AttemptBudget,
  account: AttemptBudget,
  windowStart: Date,
): Promise<boolean> {
  const result = await sql<{ client: number; account: number }>`
    WITH client AS (
      INSERT INTO login_attempts AS a (key, window_start, failures)
      VALUES (${client.key}, ${windowStart}, 1)
      ON CONFLICT (key, window_start) DO UPDATE SET failures = a.failures + 1
       WHERE a.failures < ${client.limit}
      RETURNING 1
    ), account AS (
      INSERT INTO login_attempts AS a (key, window_start, failures)
      SELECT ${account.key}, ${windowStart}::timestamptz, 1 WHERE EXISTS (SELECT 1 FROM client)
      ON CONFLICT (key, window_start) DO UPDATE SET failures = a.failures + 1
       WHERE a.failures < ${account.limit}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM client)::int AS client, (SELECT count(*) FROM account)::int AS account`.execute(
    db,
  );
  const row = result.rows[0];
  if (row?.client && row.account) return true;
  if (row?.client) await releaseLoginAttempt(db, client.key, windowStart);
  return false;
}

/** Gives back an attempt reserved against a key in a window (a sign-in that succeeded). */
export async function releaseLoginAttempt(
  db: Kysely<Database>,
  key: string,
  windowStart: Date,
): Promise<void> {
  await db
    .updateTable('login_attempts')
    .set((eb) => ({ failures: eb('failures', '-', 1) }))
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .where('failures', '>', 0)
    .execute();
}

/** Forgets the attempts of a key (an account that has just signed in). */
export async function clearLoginFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}
