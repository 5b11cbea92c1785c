/** Scratch PostgreSQL databases for benchmarks: created, migrated, dropped. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';

/** Admin connection for CREATE/DROP DATABASE; BENCH_DATABASE_URL overrides it. */
export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

/** A migrated scratch database. */
export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  readonly handle: DatabaseHandle;
  /** Closes the handle and drops the database. */
  drop(): Promise<void>;
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Creates and migrates a scratch database named `misprint_bench_<random>`. */
export async function createScratch(): Promise<ScratchDatabase> {
  const name = `misprint_bench_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  await migrateToLatest(handle.db);
  return {
    name,
    url: url.toString(),
    handle,
    drop: async () => {
      await handle.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
