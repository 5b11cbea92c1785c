/**
 * `npx tsx bench/copy.ts [reports]`: how fast `misprint copy` moves an embedded database into
 * PostgreSQL. Builds an embedded database with `reports` reports (default 50,000) stored by the real
 * ingest function in a temporary directory, copies it into a scratch PostgreSQL database, prints
 * rows per second for the copy itself and the time of the whole command, then removes both.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { copyEmbeddedToPostgres } from '../server/copy/copy-to-postgres.js';
import { openDatabase } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { type StoreReportInput, storeReportBatch } from '../server/db/queries/ingest.js';
import { createSite } from '../server/db/queries/sites.js';
import { createUser } from '../server/db/queries/users.js';
import { ADMIN_URL } from './lib/scratch.js';

const REPORTS = Number(process.argv[2] ?? 50_000);
const GROUPS = 2000;

function inputs(siteId: string, from: number, count: number): StoreReportInput[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const at = new Date(now - (REPORTS - i) * 1000);
    return {
      id: randomUUID(),
      siteId,
      url: `https://news.example/story-${i % GROUPS}`,
      title: `Story ${i % GROUPS}`,
      lang: 'en',
      exact: `recieved ${i % GROUPS}`,
      prefix: 'the council has ',
      suffix: ' the draft budget on Monday',
      positionStart: 10,
      positionEnd: 18,
      suggestion: 'received',
      comment: i % 5 === 0 ? 'spelling' : null,
      kind: 'typo',
      groupKey: `group-${i % GROUPS}`,
      ipHash: `client-${i % 5000}`,
      now: at,
      dayStart: new Date(Math.floor(at.getTime() / 86_400_000) * 86_400_000),
      clientPerMinute: 1_000_000,
      clientPerDay: 1_000_000,
      windowStart: new Date(Math.floor(at.getTime() / 60_000) * 60_000),
      siteLimit: 1_000_000,
      siteClaim: 0,
      pageAuthor: 'Jane Roe',
      pageSection: 'Politics',
      pagePublishedAt: null,
    };
  });
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

const dataDir = mkdtempSync(join(tmpdir(), 'misprint-bench-copy-'));
const target = `misprint_bench_copy_${randomUUID().slice(0, 8).replaceAll('-', '')}`;
try {
  const seeding = performance.now();
  const source = await openDatabase({ kind: 'pglite', dataDir });
  await migrateToLatest(source.db);
  const owner = await createUser(source.db, { email: 'owner@bench.example', password: null });
  const site = await createSite(source.db, {
    name: 'Bench',
    origins: ['https://news.example'],
    ownerId: owner.id,
  });
  // One report per group through the real ingest function (groups, jobs, counts as in
  // production), the rest as duplicates inserted in one statement (the triggers keep the inbox).
  await storeReportBatch(source.db, inputs(site.id, 0, Math.min(GROUPS, REPORTS)));
  await sql`
    INSERT INTO reports (id, site_id, url, title, lang, quote_exact, quote_prefix, quote_suffix, suggestion,
                         comment, kind, group_key, ip_hash, received_at, updated_at, page_author, page_section)
    SELECT gen_random_uuid(), ${site.id}::uuid, 'https://news.example/story-' || (i % ${GROUPS}::integer),
           'Story ' || (i % ${GROUPS}::integer), 'en', 'recieved ' || (i % ${GROUPS}::integer), 'the council has ',
           ' the draft budget on Monday', 'received', CASE WHEN i % 5 = 0 THEN 'spelling' END, 'typo',
           'group-' || (i % ${GROUPS}::integer), 'client-' || (i % 5000), now() - (i || ' seconds')::interval,
           now() - (i || ' seconds')::interval, 'Jane Roe', 'Politics'
      FROM generate_series(${GROUPS}::integer, ${REPORTS - 1}::integer) AS i`.execute(source.db);
  await source.close();
  console.log(`seeded ${REPORTS} reports in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  await admin(`CREATE DATABASE ${target}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${target}`;
  const result = await copyEmbeddedToPostgres({
    dataDir,
    targetUrl: url.toString(),
    progress: (line) => console.log(line),
  });
  console.log(`copied ${result.rows} rows; whole command ${(result.ms / 1000).toFixed(1)} s`);
} finally {
  await admin(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`).catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}
