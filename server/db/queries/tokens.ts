import type { Kysely, Selectable } from 'kysely';
import type { ApiToken, CreatedApiToken, TokenScope } from '../../../contract/api.js';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from '../../services/secrets.js';
import type { ApiTokensTable, Database } from '../schema.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The columns an {@link ApiToken} is made of. */
const PUBLIC_COLUMNS = ['id', 'name', 'scope', 'created_at', 'last_used_at', 'expires_at'] as const;

function toApiToken(row: Pick<Selectable<ApiTokensTable>, (typeof PUBLIC_COLUMNS)[number]>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
  };
}

/** What a new token is made from: its name, scope (default `write`) and lifetime (default: none). */
export interface NewApiToken {
  name: string;
  scope?: TokenScope;
  expiresInDays?: number;
}

/**
 * Creates an API token for a user (a bare name: a `write` token that never expires). The secret is
 * returned once and only its hash is stored.
 */
export async function createApiToken(
  db: Kysely<Database>,
  userId: string,
  given: string | NewApiToken,
  now: Date = new Date(),
): Promise<CreatedApiToken> {
  const input = typeof given === 'string' ? { name: given } : given;
  const token = newSecret(API_TOKEN_PREFIX);
  const row = await db
    .insertInto('api_tokens')
    .values({
      user_id: userId,
      name: input.name,
      token_hash: hashSecret(token),
      scope: input.scope ?? 'write',
      created_at: now,
      expires_at:
        input.expiresInDays === undefined ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS),
    })
    .returning(PUBLIC_COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...toApiToken(row), token };
}

/** The token row behind a bearer secret's hash, with its user; revoked and expired tokens included. */
export async function findApiTokenByHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<
  | {
      id: string;
      scope: TokenScope;
      lastUsedAt: Date | null;
      revokedAt: Date | null;
      expiresAt: Date | null;
      user: { id: string; email: string; name: string | null };
    }
  | undefined
> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id as token_id',
      't.scope',
      't.last_used_at',
      't.revoked_at',
      't.expires_at',
      'u.id',
      'u.email',
      'u.name',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.token_id,
    scope: row.scope,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
    user: { id: row.id, email: row.email, name: row.name },
  };
}

/** Records that a token was used now. */
export async function touchApiToken(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** A user's tokens that still work (neither revoked nor expired), newest first. */
export async function listApiTokens(db: Kysely<Database>, userId: string, now: Date): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(PUBLIC_COLUMNS)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toApiToken);
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
