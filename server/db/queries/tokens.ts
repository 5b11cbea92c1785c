import type { Kysely } from 'kysely';
import type { ApiToken, CreatedApiToken } from '../../../contract/api.js';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from '../../services/secrets.js';
import type { Database } from '../schema.js';

/** Creates an API token for a user. The secret is returned once and only its hash is stored. */
export async function createApiToken(
  db: Kysely<Database>,
  userId: string,
  name: string,
): Promise<CreatedApiToken> {
  const token = newSecret(API_TOKEN_PREFIX);
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: hashSecret(token) })
    .returning(['id', 'name', 'created_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    token,
  };
}

/** The token row behind a bearer secret's hash, with its user; revoked tokens included. */
export async function findApiTokenByHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<
  | {
      id: string;
      lastUsedAt: Date | null;
      revokedAt: Date | null;
      user: { id: string; email: string; name: string | null };
    }
  | undefined
> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as token_id', 't.last_used_at', 't.revoked_at', 'u.id', 'u.email', 'u.name'])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.token_id,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    user: { id: row.id, email: row.email, name: row.name },
  };
}

/** Records that a token was used now. */
export async function touchApiToken(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** A user's tokens that still work, newest first. */
export async function listApiTokens(db: Kysely<Database>, userId: string): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  }));
}

/** Revokes one of a user's tokens; false when the user has no such live token. */
export async function revokeApiToken(
  db: Kysely<Database>,
  userId: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
