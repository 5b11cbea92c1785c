import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Failed sign-ins per key in the window starting at `windowStart` (keys without failures are absent). */
export async function loginFailuresInWindow(
  db: Kysely<Database>,
  keys: readonly string[],
  windowStart: Date,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('login_attempts')
    .select(['key', 'failures'])
    .where('key', 'in', keys)
    .where('window_start', '=', windowStart)
    .execute();
  return new Map(rows.map((r) => [r.key, r.failures]));
}

/** Counts one failed sign-in against each key in the window, and forgets the keys' older windows. */
export async function recordLoginFailure(
  db: Kysely<Database>,
  keys: readonly string[],
  windowStart: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('login_attempts')
      .where('key', 'in', keys)
      .where('window_start', '<', windowStart)
      .execute();
    await trx
      .insertInto('login_attempts')
      .values(keys.map((key) => ({ key, window_start: windowStart, failures: 1 })))
      .onConflict((oc) =>
        oc
          .columns(['key', 'window_start'])
          .doUpdateSet((eb) => ({ failures: eb('login_attempts.failures', '+', 1) })),
      )
      .execute();
  });
}

/** Forgets the failures of a key (an account that has just signed in). */
export async function clearLoginFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}
