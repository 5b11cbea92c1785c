import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { redactUrl } from '../config.js';
import { type DatabaseHandle, openDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import {
  type CopyTable,
  closeRowCursor,
  countTableRows,
  existingTables,
  fetchRows,
  insertJsonRows,
  listCopyTables,
  lockTables,
  nonEmptyTables,
  openRowCursor,
  readSequences,
  restoreSequence,
  setUserTriggers,
} from '../db/queries/copy.js';
import { describeError } from '../serve.js';
import { CopyRefusedError } from './refused.js';
import { tablesInDependencyOrder } from './table-order.js';

/** Rows read and written per statement: large enough to amortise a round trip, small in memory. */
const BATCH_ROWS = 1000;
/** A progress line at most this often per table, in rows. */
const PROGRESS_EVERY_ROWS = 10_000;

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** What `misprint copy` was asked to do. */
export interface CopyOptions {
  /** The embedded database's directory (DATA_DIR). */
  readonly dataDir: string;
  /** The PostgreSQL database to fill. */
  readonly targetUrl: string;
  /** Where progress lines go (stderr). */
  readonly progress: (line: string) => void;
}

/** What was copied: rows per table in the order they were copied, and how long it took. */
export interface CopyResult {
  readonly copied: Record<string, number>;
  readonly rows: number;
  readonly ms: number;
}

/** Opens the embedded database in `dataDir`, refusing a directory that has none. */
async function openSource(dataDir: string): Promise<DatabaseHandle> {
  if (!existsSync(join(dataDir, 'pglite'))) {
    throw new CopyRefusedError(
      `no embedded database in ${dataDir}; set DATA_DIR to the data directory the server used`,
    );
  }
  const source = await openDatabase({ kind: 'pglite', dataDir });
  try {
    await migrateToLatest(source.db);
    return source;
  } catch (error) {
    await source.close();
    throw error;
  }
}

async function openTarget(url: string): Promise<DatabaseHandle> {
  // A one-off command, not a reader waiting: a busy server gets time to accept the connection.
  const target = await openDatabase({ kind: 'postgres', url, poolSize: 2, connectTimeoutMs: 30_000 });
  try {
    await existingTables(target.db, []);
    return target;
  } catch (error) {
    await target.close();
    throw new CopyRefusedError(`cannot reach the database at ${redactUrl(url)}: ${describeError(error)}`);
  }
}

function refuseOccupied(tables: readonly string[]): never {
  throw new CopyRefusedError(
    `the target database already holds Misprint data (in ${tables.join(', ')}); copy into an empty database (a server started on it creates its first site and owner)`,
  );
}

/** The target's tables must be the source's, column for column, once both are migrated. */
function checkSameSchema(source: readonly CopyTable[], target: readonly CopyTable[]): void {
  const describe = (tables: readonly CopyTable[]) =>
    tables.map((t) => `${t.name}(${[...t.columns].sort().join(',')})`).join(' ');
  if (describe(source) !== describe(target)) {
    throw new CopyRefusedError('the target database has other tables or columns than the embedded one');
  }
}

/**
 * Copies every table of the embedded database into an empty PostgreSQL database, in foreign-key
 * order, in one transaction on the target: ids, accounts, sessions and history as they are,
 * sequences set where the source left them. Both databases are migrated first (the same
 * migrations, so the same schema); a target holding rows in any of the tables is refused before
 * anything is written to it, and checked again under lock inside the transaction.
 */
export async function copyEmbeddedToPostgres(options: CopyOptions): Promise<CopyResult> {
  const started = performance.now();
  const source = await openSource(options.dataDir);
  try {
    const target = await openTarget(options.targetUrl);
    try {
      const tables = tablesInDependencyOrder(await listCopyTables(source.db));
      const names = tables.map((t) => t.name);
      const occupied = await nonEmptyTables(target.db, await existingTables(target.db, names));
      if (occupied.length > 0) refuseOccupied(occupied);
      await migrateToLatest(target.db);
      checkSameSchema(
        [...tables].sort((a, b) => a.name.localeCompare(b.name)),
        await listCopyTables(target.db),
      );

      const copied: Record<string, number> = {};
      const copyStarted = performance.now();
      await target.db.transaction().execute(async (into) => {
        await lockTables(into, names);
        const late = await nonEmptyTables(into, names);
        if (late.length > 0) refuseOccupied(late);
        for (const name of names) await setUserTriggers(into, name, false);
        await source.db.transaction().execute(async (from) => {
          for (const table of tables) {
            const total = await countTableRows(from, table.name);
            options.progress(`copy: ${table.name}: ${total} rows`);
            const cursor = `misprint_copy_${table.name}`;
            await openRowCursor(from, cursor, table.name);
            let done = 0;
            let reported = 0;
            for (;;) {
              const rows = await fetchRows(from, cursor, BATCH_ROWS);
              if (rows.length === 0) break;
              await insertJsonRows(into, table.name, table.columns, rows);
              done += rows.length;
              if (done - reported >= PROGRESS_EVERY_ROWS && done < total) {
                options.progress(`copy: ${table.name}: ${done} of ${total} rows`);
                reported = done;
              }
            }
            await closeRowCursor(from, cursor);
            copied[table.name] = done;
          }
          for (const sequence of await readSequences(from)) await restoreSequence(into, sequence);
        });
        for (const name of names) await setUserTriggers(into, name, true);
      });
      const rows = Object.values(copied).reduce((sum, n) => sum + n, 0);
      const copyMs = performance.now() - copyStarted;
      const ms = performance.now() - started;
      options.progress(
        `copy: ${rows} rows in ${seconds(copyMs)} s (${Math.round(rows / (copyMs / 1000))} rows/s); ${seconds(ms)} s in all, opening and migrating both databases included`,
      );
      return { copied, rows, ms };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
