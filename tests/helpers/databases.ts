/**
 * Test databases for the integration suites, looped over both dialects as Kysely's own suite does:
 *
 *   describeEachDialect('reports', (t) => { it('...', async () => { await t().db.selectFrom(...) }) });
 *
 * PostgreSQL: a fresh database with a random name per suite, dropped afterwards.
 * PGlite: a fresh in-memory instance per suite, restored from a migrated snapshot (made once per worker).
 * Under CI=true a missing PostgreSQL fails the run; elsewhere the pg half is skipped with a notice.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { type DialectName, NUMBER_PARSERS, openDatabase } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { PGliteDialect } from '../../server/db/pglite-dialect.js';
import type { Database } from '../../server/db/schema.js';

/** Every dialect the integration suites run on. */
export const DIALECTS: readonly DialectName[] = ['postgres', 'pglite'];

/** Admin connection for creating and dropping scratch databases. */
export const ADMIN_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A migrated scratch database. */
export interface TestDatabase {
  readonly dialect: DialectName;
  readonly db: Kysely<Database>;
  /** The scratch database's URL (PostgreSQL only), for a second process or a real server. */
  readonly url: string | null;
  close(): Promise<void>;
}

/** The URL of another database on the admin connection's server. */
export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

let postgresProbe: Promise<boolean> | undefined;

/** Whether the test PostgreSQL answers; throws under CI, where nothing may be skipped. */
export function isPostgresAvailable(): Promise<boolean> {
  postgresProbe ??= (async () => {
    const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (error) {
      if (process.env.CI)
        throw new Error(`CI=true and PostgreSQL at ${ADMIN_DATABASE_URL} is unreachable: ${String(error)}`);
      console.warn(
        `[misprint tests] PostgreSQL at ${ADMIN_DATABASE_URL} is unreachable; skipping the postgres half.`,
      );
      return false;
    }
  })();
  return postgresProbe;
}

/** Runs SQL on the admin connection (CREATE/DROP DATABASE cannot run in a transaction or pool). */
export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Whether the test PostgreSQL answers, settled once as this module loads so that suites can be
 * declared with `describe.runIf`.
 */
export const postgresAvailable: boolean = await isPostgresAvailable();

/** Creates an empty PostgreSQL database with a random name; returns its name. */
export async function createScratchPostgres(): Promise<string> {
  const name = `misprint_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return name;
}

/** Drops a scratch database, ending any connection still open to it. */
export async function dropScratchPostgres(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

let pgliteSnapshot: Promise<Blob> | undefined;

/** A migrated PGlite data directory as a tarball: creating one costs seconds, loading it far less. */
function migratedPgliteSnapshot(): Promise<Blob> {
  pgliteSnapshot ??= (async () => {
    const pglite = await PGlite.create({ parsers: NUMBER_PARSERS });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    await migrateToLatest(db);
    const snapshot = await pglite.dumpDataDir('none');
    await db.destroy();
    return snapshot;
  })();
  return pgliteSnapshot;
}

/** Creates and migrates a scratch PostgreSQL database; `close` drops it. Its URL serves a server process too. */
export async function createMigratedPostgres(): Promise<TestDatabase & { url: string }> {
  const name = await createScratchPostgres();
  const url = databaseUrl(name);
  const handle = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
  await migrateToLatest(handle.db);
  return {
    dialect: 'postgres',
    db: handle.db,
    url,
    close: async () => {
      await handle.close();
      await dropScratchPostgres(name);
    },
  };
}

/** Creates and migrates a scratch database of the given dialect. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'postgres') return createMigratedPostgres();
  const handle = await openDatabase({ kind: 'pglite-memory', loadDataDir: await migratedPgliteSnapshot() });
  return { dialect, db: handle.db, url: null, close: () => handle.close() };
}

/**
 * Declares `body` once per dialect, each with its own migrated scratch database for the whole block.
 * `t()` returns the current dialect's database inside tests and hooks.
 */
export function describeEachDialect(title: string, body: (t: () => TestDatabase) => void): void {
  for (const dialect of DIALECTS) {
    // Off CI without PostgreSQL the pg half is not run (a notice was printed); under CI it threw.
    describe.runIf(dialect === 'pglite' || postgresAvailable)(`${title} [${dialect}]`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(dialect);
      }, 60_000);
      afterAll(async () => {
        await current?.close();
      });
      body(() => {
        if (!current) throw new Error('test database not ready');
        return current;
      });
    });
  }
}
