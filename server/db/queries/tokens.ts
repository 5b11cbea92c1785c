import type { Kysely } from 'kysely';
import type { CreatedApiToken } from '../../../contract/api.js';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from '../../services/secrets.js';
import type { Database } from '../schema.js';

/** Creates an API token for a user. The secret is returned once and only its hash is stored. */
export async function createApiToken(db: Kysely<Database>, userId: string, name: string): Promise<CreatedApiToken> {
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
