/**
 * The plans of the statements ingest really runs, captured with PostgreSQL's auto_explain module
 * while the real query functions (`storeReport`, `storeReportBatch`, `isOriginAllowedBySomeSite`)
 * call the real database functions. auto_explain logs every statement executed, the ones inside
 * PL/pgSQL functions and triggers included (`log_nested_statements`), as a notice on the calling
 * connection, so nothing here restates the ingest SQL: a statement added to or changed in the
 * function is explained as it is.
 */
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { auto_explain } from '@electric-sql/pglite/contrib/auto_explain';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type DialectName, NUMBER_PARSERS } from '../../../server/db/connect.js';
import { migrateToLatest } from '../../../server/db/migrate.js';
import { PGliteDialect } from '../../../server/db/pglite-dialect.js';
import {
  isOriginAllowedBySomeSite,
  type StoreReportInput,
  storeReport,
  storeReportBatch,
} from '../../../server/db/queries/ingest.js';
import type { Database } from '../../../server/db/schema.js';
import {
  createScratchPostgres,
  DIALECTS,
  databaseUrl,
  dropScratchPostgres,
  postgresAvailable,
} from '../../helpers/databases.js';

const SITE_ID = '00000000-0000-4000-8000-0000000000a1';

/** Settings that make auto_explain send each plan to the client that ran the statement. */
const AUTO_EXPLAIN_SETTINGS = [
  'SET auto_explain.log_min_duration = 0',
  'SET auto_explain.log_nested_statements = on',
  'SET auto_explain.log_level = notice',
  'SET auto_explain.log_format = json',
  'SET client_min_messages = notice',
];

/** One logged plan: the statement's text, and the plan PostgreSQL ran it with (EXPLAIN's JSON). */
interface Explained {
  statement: string;
  plan: PlanNode;
}

/** The fields of an EXPLAIN (FORMAT JSON) node this test reads. */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function isPlanNode(value: unknown): value is PlanNode {
  return typeof value === 'object' && value !== null && 'Node Type' in value;
}

/** Parses auto_explain's JSON message (`duration: … ms  plan:\n{"Query Text": …, "Plan": …}`). */
function parseNotice(message: string): Explained | null {
  const start = message.indexOf('{');
  if (start === -1) return null;
  const logged: unknown = JSON.parse(message.slice(start));
  if (typeof logged !== 'object' || logged === null) return null;
  const text: unknown = Reflect.get(logged, 'Query Text');
  const plan: unknown = Reflect.get(logged, 'Plan');
  if (typeof text !== 'string' || !isPlanNode(plan)) return null;
  return { statement: text.replace(/\s+/g, ' ').trim(), plan };
}

/** Every node of a plan, depth first. */
function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** The indexes a plan reads. */
function indexesOf(plans: PlanNode[]): string[] {
  return plans.flatMap(nodes).flatMap((n) => (n['Index Name'] ? [n['Index Name']] : []));
}

/** A database whose every statement's plan is captured. */
interface ExplainingDatabase {
  db: Kysely<Database>;
  /** Plans logged since the last call, oldest first. */
  take(): Explained[];
  close(): Promise<void>;
}

async function openExplaining(dialect: DialectName): Promise<ExplainingDatabase> {
  const notices: string[] = [];
  const take = () => notices.splice(0).flatMap((m) => parseNotice(m) ?? []);
  if (dialect === 'postgres') {
    const name = await createScratchPostgres();
    // One connection, so the session that loaded auto_explain runs every statement.
    const pool = createPool(databaseUrl(name), 1);
    pool.on('connect', (client: pg.PoolClient) => {
      client.on('notice', (notice) => notices.push(notice.message ?? ''));
      // Queued ahead of whatever the pool hands this client to.
      void client.query(["LOAD 'auto_explain'", ...AUTO_EXPLAIN_SETTINGS].join(';'));
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      take,
      close: async () => {
        await db.destroy();
        await dropScratchPostgres(name);
      },
    };
  }
  const pglite = await PGlite.create({ parsers: NUMBER_PARSERS, extensions: { auto_explain } });
  await pglite.exec(["LOAD 'auto_explain'", ...AUTO_EXPLAIN_SETTINGS].join(';'));
  // The dialect's queries, each with a notice listener: PGlite hands notices to the query's caller.
  const listening = new Proxy(pglite, {
    get(target, property) {
      if (property === 'query') {
        return (text: string, params?: unknown[], options?: Parameters<PGlite['query']>[2]) =>
          target.query(text, params, {
            ...options,
            onNotice: (notice) => notices.push(notice.message ?? ''),
          });
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(listening) });
  return { db, take, close: () => db.destroy() };
}

/** A report as the intake hands it to the store, from client `ipHash` at `now`. */
function input(ipHash: string, now: Date, overrides: Partial<StoreReportInput> = {}): StoreReportInput {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const day = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000);
  return {
    id: randomUUID(),
    siteId: SITE_ID,
    url: 'https://news.example/7',
    title: null,
    lang: 'en',
    exact: 'x',
    prefix: '',
    suffix: '',
    positionStart: null,
    positionEnd: null,
    suggestion: null,
    comment: null,
    kind: 'typo',
    groupKey: 'g7',
    ipHash,
    now,
    dayStart: day,
    clientPerMinute: 10,
    clientPerDay: 100,
    windowStart: minute,
    siteLimit: 1_000_000,
    siteClaim: 1,
    pageAuthor: 'Jane Roe',
    pageSection: 'Politics',
    pagePublishedAt: null,
    ...overrides,
  };
}

/** The plans of the captured statements whose text matches `pattern` (at least one). */
function plansOf(explained: Explained[], pattern: RegExp): PlanNode[] {
  const found = explained.filter((e) => pattern.test(e.statement));
  if (found.length === 0) {
    throw new Error(
      `no statement matching ${pattern} was run; statements:\n${explained.map((e) => e.statement).join('\n')}`,
    );
  }
  return found.map((e) => e.plan);
}

for (const dialect of DIALECTS) {
  describe.runIf(dialect === 'pglite' || postgresAvailable)(`ingest query plans [${dialect}]`, () => {
    let x: ExplainingDatabase;
    /** Everything the ingest calls below ran, explained. */
    let ingest: Explained[];

    beforeAll(async () => {
      x = await openExplaining(dialect);
      await migrateToLatest(x.db);
      // Realistic statistics: one busy site, 300 groups, 1,000 clients over a day.
      await sql`INSERT INTO sites (id, key, name, origins)
        VALUES (${SITE_ID}::uuid, 'plans', 'Plans', ARRAY['https://news.example'])`.execute(x.db);
      await sql`
        INSERT INTO reports (id, site_id, url, quote_exact, group_key, ip_hash, received_at)
        SELECT gen_random_uuid(), ${SITE_ID}::uuid, 'https://news.example/' || (i % 300), 'x', 'g' || (i % 300),
               'h' || (i % 1000), now() - (i || ' seconds')::interval
          FROM generate_series(1, 5000) AS i`.execute(x.db);
      await sql`ANALYZE`.execute(x.db);
      x.take();

      const now = new Date();
      // A new report from a client with history (counted, stored, its group's size read),
      // the same report replayed (its earlier duplicates counted), a client over its minute
      // (when a slot frees), and a batch of two as group commit sends them.
      const first = input('h7', now);
      await storeReport(x.db, first);
      await storeReport(x.db, first);
      await storeReport(x.db, input('h8', now, { clientPerMinute: 0 }));
      await storeReportBatch(x.db, [input('h9', now), input('h10', now)]);
      ingest = x.take();
    }, 120_000);

    afterAll(async () => {
      await x?.close();
    });

    it('looks a report id up by the reports primary key', () => {
      expect(indexesOf(plansOf(ingest, /FROM reports r WHERE r\.id = p_id/i))).toContain('reports_pkey');
    });

    it('counts a client’s reports in its windows from reports_client_idx', () => {
      expect(indexesOf(plansOf(ingest, /count\(\*\) FILTER/i))).toContain('reports_client_idx');
    });

    it('finds when a limited client’s slot frees from reports_client_idx', () => {
      expect(indexesOf(plansOf(ingest, /OFFSET minute_count - p_client_per_minute/i))).toContain(
        'reports_client_idx',
      );
    });

    it('counts a replayed report’s earlier duplicates from reports_group_idx', () => {
      expect(indexesOf(plansOf(ingest, /r\.group_key = existing\.group_key/i))).toContain(
        'reports_group_idx',
      );
    });

    it('reads a group’s size from the report_groups primary key', () => {
      expect(indexesOf(plansOf(ingest, /sum\(g\.report_count\)/i))).toContain('report_groups_pkey');
    });

    it('claims the site’s budget through the rate_leases primary key', () => {
      expect(indexesOf(plansOf(ingest, /FROM rate_leases l/i))).toContain('rate_leases_pkey');
    });

    it('scans no table sequentially in any statement ingest runs, triggers included', () => {
      expect(ingest.length).toBeGreaterThan(10);
      const scans = ingest.flatMap((e) =>
        nodes(e.plan)
          .filter((n) => n['Node Type'] === 'Seq Scan')
          .map((n) => `${n['Relation Name']}: ${e.statement}`),
      );
      expect(scans).toEqual([]);
    });

    it('answers “does any site allow this origin” from sites_origins_idx', async () => {
      // Few sites make a sequential scan cheapest, which is what the planner should pick then; with
      // sequential scans priced out, the plan shows the index is usable once there are many.
      await sql`SET enable_seqscan = off`.execute(x.db);
      try {
        await isOriginAllowedBySomeSite(x.db, 'https://news.example');
        expect(indexesOf(plansOf(x.take(), /origins @>/i))).toContain('sites_origins_idx');
      } finally {
        await sql`RESET enable_seqscan`.execute(x.db);
      }
    });

    it('plans the ingest function with sequential scans ruled out, whatever the statistics say', async () => {
      const result = await sql<{ proconfig: string[] | null }>`
        SELECT proconfig FROM pg_proc WHERE proname = 'misprint_ingest_report'`.execute(x.db);
      expect(result.rows.map((r) => r.proconfig)).toEqual([['enable_seqscan=off']]);
    });
  });
}
