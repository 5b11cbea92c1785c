import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** A live session with its user, as the auth middleware needs it. */
export interface SessionWithUser {
  idHash: string;
  csrfToken: string;
  /** The sign-in: a session ends SESSION_MAX_AGE_MS after it, however active. */
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  user: { id: string; email: string; name: string | null };
}

/** Stores a new session; only the hash of its id is kept. */
export async function createSession(
  db: Kysely<Database>,
  input: { idHash: string; userId: string; csrfToken: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: input.idHash,
      user_id: input.userId,
      csrf_token: input.csrfToken,
      created_at: input.now,
      last_seen_at: input.now,
      expires_at: input.expiresAt,
    })
    .execute();
}

/** The session with this id hash and its user, expired or not (the caller decides). */
export async function findSession(
  db: Kysely<Database>,
  idHash: string,
): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id_hash',
      's.csrf_token',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      'u.id',
      'u.email',
      'u.name',
    ])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    idHash: row.id_hash,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    user: { id: row.id, email: row.email, name: row.name },
  };
}

/** Slides a session's expiry forward from its latest use. */
export async function extendSession(
  db: Kysely<Database>,
  idHash: string,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute();
}

/** Ends a session (sign-out, or an expired one found in use). */
export async function deleteSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Removes a user's expired sessions, so the table does not grow with every sign-in. */
export async function deleteExpiredSessions(db: Kysely<Database>, userId: string, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<=', now).execute();
}

/**
 * Ends every session of a user but `keepIdHash` (none when omitted): after a password change or
 * reset, and for "sign out everywhere". Returns how many ended.
 */
export async function deleteUserSessions(
  db: Kysely<Database>,
  userId: string,
  keepIdHash?: string,
): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash !== undefined) query = query.where('id_hash', '<>', keepIdHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
