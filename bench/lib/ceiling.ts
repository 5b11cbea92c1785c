/**
 * PostgreSQL's own ceiling for the ingest's single-row insert: pgbench when installed (the
 * reference tool), else the same statement from a pg script, both at the given concurrency.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/** What the ceiling run measured. */
export interface Ceiling {
  readonly tool: 'pgbench' | 'pg script';
  readonly tps: number;
  readonly latencyMs: number;
}

const PGBENCH = process.env.PGBENCH ?? '/usr/bin/pgbench';

/** Which statement a ceiling run repeats. */
export type CeilingStatement =
  /** The row a report becomes, as one INSERT (report_groups kept by its trigger, as in production). */
  | 'insert'
  /** The ingest's own round trip: replay check, per-client limits and the insert, in one call. */
  | 'ingest-function';

/**
 * The statement for site `site`, page expression `page` and client expression `client`. Pages
 * spread over 1,000 URLs and clients over 10,000 like the HTTP load, so group rows are shared alike.
 */
function statementSql(statement: CeilingStatement, site: string, page: string, client: string): string {
  const url = `'https://news.example/budget-2027/' || ${page}`;
  if (statement === 'insert') {
    return `INSERT INTO reports (id, site_id, url, title, lang, quote_exact, quote_prefix, quote_suffix,
  position_start, position_end, suggestion, comment, kind, status, group_key, ip_hash)
VALUES (gen_random_uuid(), '${site}', ${url}, 'Council passes the budget', 'en',
  'recieved ' || ${page}, 'the council has ', ' the draft budget on Monday', 1234, 1242, 'received', 'spelling',
  'typo', 'new', md5(${url}), md5(${client}::text))
ON CONFLICT (id) DO NOTHING;`;
  }
  return `SELECT * FROM misprint_ingest_report(gen_random_uuid(), '${site}'::uuid, ${url}, 'Council passes the budget',
  'en', 'recieved ' || ${page}, 'the council has ', ' the draft budget on Monday', 1234, 1242, 'received', 'spelling',
  'typo', md5(${url}), md5(${client}::text), now(), date_trunc('day', now()), 1000000, 1000000,
  date_trunc('minute', now()), 1000000, 0, NULL, NULL, NULL);`;
}

async function viaPgbench(
  statement: CeilingStatement,
  url: string,
  site: string,
  clients: number,
  seconds: number,
): Promise<Ceiling> {
  const dir = await mkdtemp(join(tmpdir(), 'misprint-bench-'));
  try {
    const script = join(dir, 'insert.sql');
    const statementText = statementSql(statement, site, ':page', ':client').replace(/\n\s*/g, ' ');
    await writeFile(script, `\\set page random(0, 999)\n\\set client random(1, 10000)\n${statementText}\n`);
    const target = new URL(url);
    const { stdout } = await promisify(execFile)(
      PGBENCH,
      [
        '-n',
        '-c',
        String(clients),
        '-j',
        '2',
        '-T',
        String(seconds),
        '-f',
        script,
        '-h',
        target.hostname,
        '-p',
        target.port || '5432',
        '-U',
        decodeURIComponent(target.username || 'postgres'),
        target.pathname.slice(1),
      ],
      { env: { ...process.env, PGPASSWORD: decodeURIComponent(target.password) } },
    );
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1]);
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
    if (!Number.isFinite(tps)) throw new Error(`unexpected pgbench output:\n${stdout}`);
    return { tool: 'pgbench', tps, latencyMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function viaScript(
  statement: CeilingStatement,
  url: string,
  site: string,
  clients: number,
  seconds: number,
): Promise<Ceiling> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  let busyMs = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          const page = String(Math.floor(Math.random() * 1000));
          await client.query(statementSql(statement, site, page, String(Math.floor(Math.random() * 10_000))));
          busyMs += performance.now() - t0;
          done++;
        }
      } finally {
        client.release();
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.end();
  return { tool: 'pg script', tps: done / elapsed, latencyMs: busyMs / done };
}

/** Measures how often the database at `url` runs `statement` for site `site` at `clients` concurrency. */
export function measureCeiling(
  statement: CeilingStatement,
  url: string,
  site: string,
  clients: number,
  seconds: number,
): Promise<Ceiling> {
  return existsSync(PGBENCH)
    ? viaPgbench(statement, url, site, clients, seconds)
    : viaScript(statement, url, site, clients, seconds);
}
