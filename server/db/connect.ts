import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

/** Which engine is behind the Kysely instance. */
export type DialectName = 'postgres' | 'pglite';

/** PostgreSQL type oids whose text form is turned into a JS number. */
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * The one place where driver differences are normalised: pg returns int8 and numeric as strings,
 * PGlite as numbers. Every count and sum in Misprint fits a double, so both become numbers.
 */
export const NUMBER_PARSERS = Object.freeze({ [INT8_OID]: Number, [NUMERIC_OID]: Number });

/** How the PostgreSQL pool is used right now (for metrics). */
export interface PoolStats {
  /** Connections open, busy or idle. */
  readonly total: number;
  readonly idle: number;
  /** Queries waiting for a connection. */
  readonly waiting: number;
  /** Most connections the pool opens. */
  readonly max: number;
}

/** An open database and what its owner needs to stop it. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** The pool's use now; null on the embedded database, which is one session. */
  readonly poolStats: (() => PoolStats) | null;
  /** Closes the pool or the embedded database and releases the data directory. */
  close(): Promise<void>;
}

/** Where to connect: a PostgreSQL URL, an embedded data directory, or an in-memory PGlite (tests). */
export type DatabaseTarget =
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly poolSize?: number;
      /** How long a new connection may take (default 3 s, so a request fails fast with 503). */
      readonly connectTimeoutMs?: number;
    }
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'pglite-memory'; readonly loadDataDir?: Blob };

/** A pg pool whose connections fail fast, so an unreachable database becomes a quick 503. */
export function createPool(url: string, poolSize = 20, connectTimeoutMs = 3000): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    types: {
      // @types/pg declares getTypeParser as an overload set, which no single arrow function satisfies.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? Number
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
}

/** Opens the database the target names. Nothing is migrated here. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const pool = createPool(target.url, target.poolSize, target.connectTimeoutMs);
    // A pool error on an idle client (the server restarted) must not crash the process.
    pool.on('error', () => {});
    // Nor one on a checked-out client: pg emits it on the client, where nobody listens, and the
    // process dies. The query in flight still rejects (→ 503) and the pool drops the broken client.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const poolStats = (): PoolStats => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max,
    });
    return { db, dialect: 'postgres', poolStats, close: () => db.destroy() };
  }
  const release = target.kind === 'pglite' ? lockDataDir(target.dataDir) : () => {};
  try {
    const pglite =
      target.kind === 'pglite'
        ? await PGlite.create(join(target.dataDir, 'pglite'), { parsers: NUMBER_PARSERS })
        : await PGlite.create({
            parsers: NUMBER_PARSERS,
            ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
          });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      dialect: 'pglite',
      poolStats: null,
      close: async () => {
        try {
          await db.destroy();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** Answers whether the database responds to a trivial query within `timeoutMs`. */
export async function pingDatabase(db: Kysely<Database>, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const ok = sql`select 1`.execute(db).then(
      () => true,
      () => false,
    );
    return await Promise.race([ok, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
