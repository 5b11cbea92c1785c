import { type Kysely, sql } from 'kysely';

/**
 * Account features (issue 13):
 * - API tokens get a scope (`read` tokens are refused on unsafe methods; every existing token keeps
 *   what it could do, `write`) and an optional expiry;
 * - password resets by e-mail: one row per link sent, holding only the SHA-256 of its secret, used
 *   once (`used_at`) and dead after `expires_at`; swept hourly by their expiry.
 * Sessions need no column for their absolute lifetime: `created_at` is the sign-in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE api_tokens
      ADD COLUMN IF NOT EXISTS scope text NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'write'))`.execute(
    db,
  );
  await sql`ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS expires_at timestamptz`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS password_resets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS password_resets_user_idx ON password_resets (user_id)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS password_resets_expiry_idx ON password_resets (expires_at)`.execute(
    db,
  );
}
