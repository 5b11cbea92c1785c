/**
 * The catalogue and row statements of `misprint copy`. Everything is read from PostgreSQL's own
 * catalogue, never from a list of Misprint's tables, so tables that later migrations add are
 * copied without a change here.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** A connection or a transaction. */
type Executor = Kysely<Database> | Transaction<Database>;

/** Tables of the migrator's own bookkeeping: each database keeps its own, written by migrating it. */
export const MIGRATOR_TABLES: readonly string[] = ['kysely_migration', 'kysely_migration_lock'];

/** A table of the schema with what copying it needs. */
export interface CopyTable {
  readonly name: string;
  /** Columns that take values (generated columns are computed by the target itself). */
  readonly columns: readonly string[];
  /** Tables this one references through foreign keys (itself excluded). */
  readonly references: readonly string[];
  /** Whether a foreign key of this table references the table itself. */
  readonly selfReferencing: boolean;
}

/** The application's tables in the current schema, with their columns and references, by name. */
export async function listCopyTables(db: Executor): Promise<CopyTable[]> {
  const tables = await sql<{ name: string }>`
    SELECT c.relname AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     ORDER BY c.relname`.execute(db);
  const columns = await sql<{ table: string; column: string }>`
    SELECT c.relname AS table, a.attname AS column
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY c.relname, a.attnum`.execute(db);
  const keys = await sql<{ child: string; parent: string }>`
    SELECT child.relname AS child, parent.relname AS parent
      FROM pg_constraint k
      JOIN pg_class child ON child.oid = k.conrelid
      JOIN pg_class parent ON parent.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = child.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema()`.execute(db);
  return tables.rows
    .filter((t) => !MIGRATOR_TABLES.includes(t.name))
    .map((t) => {
      const parents = keys.rows.filter((k) => k.child === t.name).map((k) => k.parent);
      return {
        name: t.name,
        columns: columns.rows.filter((c) => c.table === t.name).map((c) => c.column),
        references: [...new Set(parents.filter((p) => p !== t.name))],
        selfReferencing: parents.includes(t.name),
      };
    });
}

/** A sequence's state: `setval(name, lastValue, isCalled)` restores it exactly. */
export interface SequenceState {
  readonly name: string;
  /** As text: a bigint may exceed what a JS number holds exactly. */
  readonly lastValue: string;
  readonly isCalled: boolean;
}

/** Every sequence of the current schema (identity and serial columns' included) and its state. */
export async function readSequences(db: Executor): Promise<SequenceState[]> {
  const names = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'S' ORDER BY c.relname`.execute(db);
  const states: SequenceState[] = [];
  for (const { name } of names.rows) {
    const state = await sql<{ last_value: string; is_called: boolean }>`
      SELECT last_value::text AS last_value, is_called FROM ${sql.table(name)}`.execute(db);
    const row = state.rows[0];
    if (row) states.push({ name, lastValue: row.last_value, isCalled: row.is_called });
  }
  return states;
}

/** Sets a sequence of the current schema to a state read by {@link readSequences}. */
export async function restoreSequence(db: Executor, state: SequenceState): Promise<void> {
  await sql`SELECT setval(quote_ident(${state.name})::regclass, ${state.lastValue}::bigint, ${state.isCalled})`.execute(
    db,
  );
}

/** The number of rows of a table. */
export async function countTableRows(db: Executor, table: string): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*)::integer AS n FROM ${sql.table(table)}`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** The tables among `tables` that hold at least one row. */
export async function nonEmptyTables(db: Executor, tables: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const table of tables) {
    const result = await sql<{ any: boolean }>`
      SELECT EXISTS (SELECT 1 FROM ${sql.table(table)}) AS any`.execute(db);
    if (result.rows[0]?.any) found.push(table);
  }
  return found;
}

/** The tables of the current schema that exist, among `tables`. */
export async function existingTables(db: Executor, tables: readonly string[]): Promise<string[]> {
  const result = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')`.execute(db);
  const present = new Set(result.rows.map((r) => r.name));
  return tables.filter((t) => present.has(t));
}

/**
 * Opens a cursor over a table's rows, each as its JSON text (`row_to_json`): every type keeps its
 * exact text form (timestamps to the microsecond, bigints, jsonb, arrays), and nothing is parsed on
 * the way. Inside a transaction only; read it with {@link fetchRows}.
 */
export async function openRowCursor(
  trx: Transaction<Database>,
  cursor: string,
  table: string,
): Promise<void> {
  await sql`DECLARE ${sql.id(cursor)} NO SCROLL CURSOR FOR
    SELECT row_to_json(t)::text AS row FROM ${sql.table(table)} t`.execute(trx);
}

/** The next `count` rows of a cursor opened by {@link openRowCursor} (none: it is exhausted). */
export async function fetchRows(
  trx: Transaction<Database>,
  cursor: string,
  count: number,
): Promise<string[]> {
  const result = await sql<{
    row: string;
  }>`FETCH ${sql.raw(String(Math.trunc(count)))} FROM ${sql.id(cursor)}`.execute(trx);
  return result.rows.map((r) => r.row);
}

/** Closes a cursor opened by {@link openRowCursor}. */
export async function closeRowCursor(trx: Transaction<Database>, cursor: string): Promise<void> {
  await sql`CLOSE ${sql.id(cursor)}`.execute(trx);
}

/**
 * Inserts rows given as JSON texts (from {@link fetchRows}) into `table`'s `columns`, each value
 * converted by the column's own type. Explicit values go into identity columns too.
 */
export async function insertJsonRows(
  trx: Transaction<Database>,
  table: string,
  columns: readonly string[],
  rows: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  const list = sql.join(columns.map((c) => sql.id(c)));
  await sql`INSERT INTO ${sql.table(table)} (${list}) OVERRIDING SYSTEM VALUE
    SELECT ${list} FROM json_populate_recordset(null::${sql.table(table)}, ${`[${rows.join(',')}]`}::json)`.execute(
    trx,
  );
}

/**
 * Turns the table's own triggers off or on, inside the copy's transaction. Off while copying, so
 * rows derived by triggers (the inbox's groups and counts) are copied as they are instead of being
 * derived a second time; foreign keys stay checked. Needs ownership of the table, which whoever
 * migrated the database has.
 */
export async function setUserTriggers(
  trx: Transaction<Database>,
  table: string,
  enabled: boolean,
): Promise<void> {
  await sql`ALTER TABLE ${sql.table(table)} ${sql.raw(enabled ? 'ENABLE' : 'DISABLE')} TRIGGER USER`.execute(
    trx,
  );
}

/** Locks the tables against every other session until the copy's transaction ends. */
export async function lockTables(trx: Transaction<Database>, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  await sql`LOCK TABLE ${sql.join(tables.map((t) => sql.table(t)))} IN ACCESS EXCLUSIVE MODE`.execute(trx);
}
