import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { deleteUserSessions } from './sessions.js';

/** Stores a reset link's hash for a user, valid until `expiresAt`. */
export async function createPasswordReset(
  db: Kysely<Database>,
  input: { userId: string; tokenHash: string; now: Date; expiresAt: Date },
): Promise<string> {
  const row = await db
    .insertInto('password_resets')
    .values({
      user_id: input.userId,
      token_hash: input.tokenHash,
      created_at: input.now,
      expires_at: input.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Forgets a reset link that could not be sent. */
export async function deletePasswordReset(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('password_resets').where('id', '=', id).execute();
}

/** Whether a reset link is unused and unexpired (checked before the slow hash of the new password). */
export async function isLivePasswordReset(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .selectFrom('password_resets')
    .select('id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Sets a new password through a reset link, in one transaction: the link is used up (only an
 * unused, unexpired one counts, so two requests with the same link cannot both succeed), every
 * other link of the user dies with it, the password hash is replaced and every session ends.
 * Returns the user's id, or null when the link is unknown, used or expired.
 */
export async function resetPassword(
  db: Kysely<Database>,
  input: { tokenHash: string; passwordHash: string; now: Date },
): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('password_resets')
      .set({ used_at: input.now })
      .where('token_hash', '=', input.tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', input.now)
      .returning('user_id')
      .executeTakeFirst();
    if (!used) return null;
    await trx
      .updateTable('password_resets')
      .set({ used_at: input.now })
      .where('user_id', '=', used.user_id)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .updateTable('users')
      .set({ password_hash: input.passwordHash })
      .where('id', '=', used.user_id)
      .execute();
    await deleteUserSessions(trx, used.user_id);
    return used.user_id;
  });
}

/**
 * Replaces a user's password hash and ends their sessions but `keepSessionHash` (the one that made
 * the change, if any), in one transaction; unused reset links die too, since the password they
 * were asked for is no longer forgotten.
 */
export async function changePassword(
  db: Kysely<Database>,
  input: { userId: string; passwordHash: string; now: Date; keepSessionHash?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: input.passwordHash })
      .where('id', '=', input.userId)
      .execute();
    await trx
      .updateTable('password_resets')
      .set({ used_at: input.now })
      .where('user_id', '=', input.userId)
      .where('used_at', 'is', null)
      .execute();
    await deleteUserSessions(trx, input.userId, input.keepSessionHash);
  });
}

/** Deletes reset links that expired before `before` (used or not): they can no longer do anything. */
export async function deleteExpiredPasswordResets(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('password_resets').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
