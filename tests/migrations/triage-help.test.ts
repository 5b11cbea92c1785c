import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations/index.js';
import { type DatabaseHandle, openDatabase } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import {
  createScratchPostgres,
  DIALECTS,
  databaseUrl,
  dropScratchPostgres,
  isPostgresAvailable,
} from '../helpers/databases.js';
import { createFixtureSite } from '../helpers/reports.js';

const MIGRATION = '0011_triage_help';
/** The migration that runs just before this one, whatever is added around it. */
const PREVIOUS = Object.keys(MIGRATIONS)[Object.keys(MIGRATIONS).indexOf(MIGRATION) - 1] ?? '';

async function openEmpty(dialect: (typeof DIALECTS)[number]): Promise<DatabaseHandle> {
  if (dialect === 'pglite') return openDatabase({ kind: 'pglite-memory' });
  const name = await createScratchPostgres();
  const handle = await openDatabase({ kind: 'postgres', url: databaseUrl(name), poolSize: 4 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await dropScratchPostgres(name);
    },
  };
}

for (const dialect of DIALECTS) {
  describe.runIf(dialect === 'pglite' || (await isPostgresAvailable()))(
    `${MIGRATION} on a database with reports [${dialect}]`,
    () => {
      let handle: DatabaseHandle;
      let siteId: string;

      beforeAll(async () => {
        handle = await openEmpty(dialect);
        const { db } = handle;
        const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
        const before = await migrator.migrateTo(PREVIOUS);
        if (before.error) throw before.error;
        siteId = (await createFixtureSite(db)).id;
        // Group a: three reports from two client hashes; group b: one report.
        await sql`
          INSERT INTO reports (id, site_id, url, quote_exact, group_key, ip_hash, received_at)
          VALUES (gen_random_uuid(), ${siteId}::uuid, 'https://news.example/a', 'recieved', 'a', 'h1', '2026-11-01T10:00:00Z'),
                 (gen_random_uuid(), ${siteId}::uuid, 'https://news.example/a', 'recieved', 'a', 'h1', '2026-11-01T11:00:00Z'),
                 (gen_random_uuid(), ${siteId}::uuid, 'https://news.example/a', 'recieved', 'a', 'h2', '2026-11-01T12:00:00Z'),
                 (gen_random_uuid(), ${siteId}::uuid, 'https://news.example/b', 'recieved', 'b', 'h3', '2026-11-01T12:00:00Z')`.execute(
          db,
        );
        await migrateToLatest(db);
      }, 120_000);

      afterAll(async () => {
        await handle?.close();
      });

      it('counts the readers of existing groups and ranks them by the formula', async () => {
        const rows = await sql<{ group_key: string; readers: number; priority: number; expected: number }>`
          SELECT g.group_key, g.readers, rg.priority,
                 misprint_priority(g.readers, g.spelling, g.spam_signals, g.page_published_at, rg.last_received_at) AS expected
            FROM groups g JOIN report_groups rg USING (site_id, group_key)
           WHERE g.site_id = ${siteId}::uuid ORDER BY g.group_key`.execute(handle.db);
        expect(rows.rows.map((r) => [r.group_key, r.readers])).toEqual([
          ['a', 2],
          ['b', 1],
        ]);
        for (const row of rows.rows) expect(row.priority).toBe(row.expected);
        expect(rows.rows[0]?.priority).toBeGreaterThan(rows.rows[1]?.priority ?? 0);
      });

      it('re-ranks a group when a fact is learned, in every status it is in', async () => {
        await sql`UPDATE reports SET status = 'fixed' WHERE group_key = 'a' AND ip_hash = 'h2'`.execute(
          handle.db,
        );
        const before = await sql<{ status: string; priority: number }>`
          SELECT status, priority FROM report_groups WHERE site_id = ${siteId}::uuid AND group_key = 'a' ORDER BY status`.execute(
          handle.db,
        );
        await sql`UPDATE groups SET spelling = '{"known": false, "suggestions": ["received"]}'
                   WHERE site_id = ${siteId}::uuid AND group_key = 'a'`.execute(handle.db);
        const after = await sql<{ status: string; priority: number }>`
          SELECT status, priority FROM report_groups WHERE site_id = ${siteId}::uuid AND group_key = 'a' ORDER BY status`.execute(
          handle.db,
        );
        expect(after.rows.map((r) => r.status)).toEqual(['fixed', 'new']);
        after.rows.forEach((row, i) => {
          expect(row.priority - (before.rows[i]?.priority ?? 0)).toBeCloseTo(6);
        });
      });
    },
  );
}
