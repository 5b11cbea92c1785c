import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { MIGRATIONS } from '../../migrations/index.js';
import type { Database } from './schema.js';

/**
 * Runs every pending migration. On PostgreSQL, Kysely's Postgres adapter takes a transaction-scoped
 * advisory lock first, so replicas that start together run each migration exactly once.
 * Returns the names of the migrations applied now.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
