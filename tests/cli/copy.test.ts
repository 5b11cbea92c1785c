/**
 * `misprint copy --to postgres://…` on the real binary: an embedded database with sites, members,
 * sessions, an API token, an invitation, triage history and 10,000 reports stored by the real
 * ingest function is copied into an empty PostgreSQL database. Every table (as the catalogue lists
 * them, not as this file does) must arrive row for row, sequences where they were, and every editor
 * GET route must answer the same on both, with the sessions and the token made before the copy.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedApiToken, Invitation } from '../../contract/api.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { type DatabaseHandle, openDatabase } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { type StoreReportInput, storeReportBatch } from '../../server/db/queries/ingest.js';
import type { Database } from '../../server/db/schema.js';
import { createLogger } from '../../server/logger.js';
import {
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  postgresAvailable,
} from '../helpers/databases.js';
import {
  addMember,
  addSite,
  addUser,
  Clock,
  call,
  type Session,
  signIn,
} from '../server/routes/editor/harness.js';
import { lines, runCli } from './run.js';

const REPORTS = 10_000;
const GROUPS = 400;
/** One instant for both apps, so answers that depend on "now" (stats, expiries) agree. */
const NOW = new Date('2026-11-20T12:00:00.000Z');

/** An app over one of the two databases, as the server builds it. */
function appOver(handle: DatabaseHandle, clock: Clock): Hono {
  return createApp({
    db: handle.db,
    dialect: handle.dialect,
    config: loadConfig({ PUBLIC_URL: 'https://typos.example.com' }),
    logger: createLogger('silent'),
    now: clock.now,
  });
}

/** Reports as the intake hands them to the store, spread over groups, clients and two days. */
function reportInputs(siteId: string, from: number, count: number): StoreReportInput[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const at = new Date(NOW.getTime() - (REPORTS - i) * 17_000);
    const day = new Date(Math.floor(at.getTime() / 86_400_000) * 86_400_000);
    return {
      id: randomUUID(),
      siteId,
      url: `https://news.example/story-${i % GROUPS}`,
      title: `Story ${i % GROUPS}`,
      lang: 'en',
      exact: `recieved ${i % GROUPS}`,
      prefix: 'the council has ',
      suffix: ' the draft',
      positionStart: 10,
      positionEnd: 18,
      suggestion: i % 3 === 0 ? 'received' : null,
      comment: i % 7 === 0 ? `comment ${i}` : null,
      kind: i % 11 === 0 ? 'other' : 'typo',
      groupKey: `group-${i % GROUPS}`,
      ipHash: `client-${i % 997}`,
      now: at,
      dayStart: day,
      clientPerMinute: 1_000_000,
      clientPerDay: 1_000_000,
      windowStart: new Date(Math.floor(at.getTime() / 60_000) * 60_000),
      siteLimit: 1_000_000,
      siteClaim: 0,
      pageAuthor: i % 2 === 0 ? 'Jane Roe' : null,
      pageSection: 'Politics',
      pagePublishedAt: null,
    };
  });
}

/** Every application table of a database, read from information_schema (independently of the copier). */
async function tablesOf(db: Kysely<Database>): Promise<string[]> {
  const result = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
       AND table_name NOT LIKE 'kysely_migration%'
     ORDER BY table_name`.execute(db);
  return result.rows.map((r) => r.name);
}

/** A table's rows as one digest: equal digests, equal rows (every column, as PostgreSQL prints it). */
async function digestOf(db: Kysely<Database>, table: string): Promise<{ rows: number; md5: string | null }> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
    const result = await sql<{ rows: number; md5: string | null }>`
      SELECT count(*)::integer AS rows,
             md5(string_agg(row_to_json(t)::text, E'\\n' ORDER BY row_to_json(t)::text)) AS md5
        FROM ${sql.table(table)} t`.execute(trx);
    return result.rows[0] ?? { rows: 0, md5: null };
  });
}

/** Every sequence of the schema and where it stands. */
async function sequencesOf(db: Kysely<Database>): Promise<Record<string, string>> {
  const names = await sql<{ name: string }>`
    SELECT sequence_name AS name FROM information_schema.sequences WHERE sequence_schema = current_schema()`.execute(
    db,
  );
  const states: Record<string, string> = {};
  for (const { name } of names.rows) {
    const row = await sql<{ state: string }>`
      SELECT last_value::text || ':' || is_called::text AS state FROM ${sql.table(name)}`.execute(db);
    states[name] = row.rows[0]?.state ?? '';
  }
  return states;
}

describe.runIf(postgresAvailable)('misprint copy --to postgres://…', () => {
  let dataDir: string;
  let targetName: string;
  let targetUrl: string;
  const clock = new Clock(NOW);
  let siteId: string;
  let otherSiteId: string;
  let editorId: string;
  let reportId: string;
  let ownerSession: Session;
  let editorSession: Session;
  let apiToken: string;
  let invitationToken: string;
  let ownerEmail: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'misprint-copy-'));
    targetName = await createScratchPostgres();
    targetUrl = databaseUrl(targetName);

    const source = await openDatabase({ kind: 'pglite', dataDir });
    try {
      await migrateToLatest(source.db);
      const app = appOver(source, clock);
      const owner = await addUser(source.db, 'owner');
      const editor = await addUser(source.db, 'editor');
      const viewer = await addUser(source.db, 'viewer');
      ownerEmail = owner.email;
      editorId = editor.id;
      siteId = await addSite(source.db, owner.id, 'The News');
      otherSiteId = await addSite(source.db, owner.id, 'The Other News');
      await addMember(source.db, siteId, editor.id, 'editor');
      await addMember(source.db, siteId, viewer.id, 'viewer');
      ownerSession = await signIn(app, owner.email);
      editorSession = await signIn(app, editor.email);
      // A failed sign-in leaves its throttling rows behind.
      await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: viewer.email, password: 'wrong password, twice over' }),
      });
      const created = await call(
        app,
        'POST',
        '/v1/tokens',
        { session: ownerSession },
        { name: 'deploy bot' },
      );
      const madeToken: CreatedApiToken = await created.json();
      apiToken = madeToken.token;
      const invited = await call(
        app,
        'POST',
        `/v1/sites/${siteId}/invitations`,
        { session: ownerSession },
        { role: 'editor', email: 'newcomer@example.test' },
      );
      const invitation: Invitation = await invited.json();
      invitationToken = invitation.url?.split('/').pop() ?? '';

      // Each group's first report through the real ingest function (groups, jobs and the inbox's
      // bookkeeping as production writes them), the duplicates in one statement per site (the
      // triggers keep the inbox), since 10,000 calls take minutes on the embedded database.
      await storeReportBatch(source.db, reportInputs(siteId, 0, GROUPS));
      await storeReportBatch(source.db, reportInputs(otherSiteId, GROUPS, GROUPS));
      for (const [site, from, to] of [
        [siteId, 2 * GROUPS, REPORTS / 2],
        [otherSiteId, REPORTS / 2, REPORTS],
      ] as const) {
        await sql`
          INSERT INTO reports (id, site_id, url, title, lang, quote_exact, quote_prefix, quote_suffix, suggestion,
                               comment, kind, group_key, ip_hash, received_at, updated_at, page_author, page_section)
          SELECT gen_random_uuid(), ${site}::uuid, 'https://news.example/story-' || (i % ${GROUPS}::integer),
                 'Story ' || (i % ${GROUPS}::integer), 'en', 'recieved ' || (i % ${GROUPS}::integer),
                 'the council has ', ' the draft', CASE WHEN i % 3 = 0 THEN 'received' END,
                 CASE WHEN i % 7 = 0 THEN 'comment ' || i END, CASE WHEN i % 11 = 0 THEN 'other' ELSE 'typo' END,
                 'group-' || (i % ${GROUPS}::integer), 'client-' || (i % 997),
                 ${NOW}::timestamptz - ((${REPORTS}::integer - i) * interval '17 seconds'),
                 ${NOW}::timestamptz - ((${REPORTS}::integer - i) * interval '17 seconds'),
                 CASE WHEN i % 2 = 0 THEN 'Jane Roe' END, 'Politics'
            FROM generate_series(${from}::integer, ${to - 1}::integer) AS i`.execute(source.db);
      }
      const first = await source.db
        .selectFrom('reports')
        .select('id')
        .where('site_id', '=', siteId)
        .orderBy('received_at')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      reportId = first.id;
      // History: a group fixed by the editor, another dismissed by the owner in bulk.
      await call(
        app,
        'PATCH',
        `/v1/reports/${reportId}`,
        { session: editorSession },
        { status: 'fixed', note: 'done' },
      );
      const someIds = await source.db
        .selectFrom('reports')
        .select('id')
        .where('site_id', '=', siteId)
        .where('group_key', 'in', ['group-5', 'group-6'])
        .execute();
      await call(
        app,
        'POST',
        `/v1/sites/${siteId}/reports/bulk`,
        { session: ownerSession },
        { ids: someIds.map((r) => r.id), status: 'dismissed' },
      );
    } finally {
      await source.close();
    }
  }, 300_000);

  afterAll(async () => {
    if (targetName) await dropScratchPostgres(targetName);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to run without --to or with another kind of URL (exit 2)', async () => {
    for (const args of [['copy'], ['copy', '--to', 'mysql://localhost/misprint']]) {
      const result = await runCli(args, { DATA_DIR: dataDir });
      expect(result.code).toBe(2);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stdout).toBe('');
    }
  });

  describe('copying', () => {
    let copied: Record<string, number>;
    let source: DatabaseHandle;
    let target: DatabaseHandle;

    beforeAll(async () => {
      const result = await runCli(['copy', '--to', targetUrl], { DATA_DIR: dataDir });
      if (result.code !== 0) throw new Error(`copy failed (${result.code}): ${result.stderr}`);
      const summary = lines(result.stderr).at(-1) ?? '';
      console.log(`[copy] ${summary}`);
      ({ copied } = JSON.parse(result.stdout));
      source = await openDatabase({ kind: 'pglite', dataDir });
      target = await openDatabase({ kind: 'postgres', url: targetUrl, poolSize: 4 });
    }, 300_000);

    afterAll(async () => {
      await source?.close();
      await target?.close();
    });

    it('names every table of the schema on stdout with its row count, and prints its rate on stderr', async () => {
      const tables = await tablesOf(source.db);
      expect(Object.keys(copied).sort()).toEqual(tables);
      expect(copied.reports).toBe(REPORTS);
      for (const table of tables) expect(copied[table], table).toBe((await digestOf(source.db, table)).rows);
    });

    it('copies every table row for row, every column as it was', async () => {
      const tables = await tablesOf(source.db);
      expect(await tablesOf(target.db)).toEqual(tables);
      for (const table of tables) {
        expect(await digestOf(target.db, table), table).toEqual(await digestOf(source.db, table));
      }
    });

    it('leaves every sequence where it stood', async () => {
      expect(await sequencesOf(target.db)).toEqual(await sequencesOf(source.db));
    });

    it('answers every editor GET route the same on PostgreSQL, with the sessions and token made before', async () => {
      const before = appOver(source, clock);
      const after = appOver(target, clock);
      const params: Record<string, string> = {
        siteId,
        id: reportId,
        userId: editorId,
        token: invitationToken,
      };
      const routes = [
        ...new Set(
          after.routes
            .filter((r) => r.method === 'GET' && r.path.startsWith('/api/'))
            .map((r) => r.path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? randomUUID())),
        ),
      ];
      expect(routes.length).toBeGreaterThan(10);
      const inbox = `/api/v1/sites/${siteId}/reports`;
      const variants = [
        `${inbox}?status=new`,
        `${inbox}?status=fixed`,
        `${inbox}?status=dismissed`,
        `${inbox}?kind=other`,
        `${inbox}?q=recieved%2017`,
        `${inbox}?url=${encodeURIComponent('https://news.example/story-7')}`,
        `${inbox}?limit=5`,
        `/api/v1/sites/${siteId}/reports/counts?kind=typo`,
        `/api/v1/sites/${otherSiteId}/reports`,
        `/api/v1/sites/${otherSiteId}/stats`,
      ];
      const ok: string[] = [];
      for (const path of [...routes, ...variants]) {
        const credentials: Record<string, string>[] = [
          { Cookie: ownerSession.cookie },
          { Cookie: editorSession.cookie },
          { Authorization: `Bearer ${apiToken}` },
        ];
        for (const headers of credentials) {
          const [was, is] = await Promise.all([
            before.request(path, { headers }),
            after.request(path, { headers }),
          ]);
          const label = `${path} as ${Object.keys(headers)[0]}`;
          expect(is.status, label).toBe(was.status);
          expect(await is.text(), label).toBe(await was.text());
          if (is.status === 200) ok.push(label);
        }
      }
      // Not two identical refusals: the sessions and the token work on PostgreSQL.
      for (const path of [
        '/api/v1/me',
        '/api/v1/sites',
        `/api/v1/sites/${siteId}/reports`,
        `/api/v1/reports/${reportId}`,
      ]) {
        expect(ok).toContain(`${path} as Cookie`);
        expect(ok).toContain(`${path} as Authorization`);
      }

      // Following the next page keeps agreeing.
      const page = async (app: Hono) =>
        (await app.request(`${inbox}?limit=5`, { headers: { Cookie: ownerSession.cookie } })).json();
      const { nextCursor } = await page(after);
      expect(nextCursor).toEqual((await page(before)).nextCursor);
      const next = `${inbox}?limit=5&cursor=${encodeURIComponent(nextCursor)}`;
      const headers = { Cookie: ownerSession.cookie };
      expect(await (await after.request(next, { headers })).text()).toBe(
        await (await before.request(next, { headers })).text(),
      );
    });

    it('signs the owner in with the same password on PostgreSQL', async () => {
      await expect(signIn(appOver(target, clock), ownerEmail)).resolves.toMatchObject({
        cookie: expect.stringMatching(/^misprint_session=/),
      });
    });

    it('refuses a second copy into the now non-empty database, changing nothing', async () => {
      const reportsBefore = await digestOf(target.db, 'reports');
      await source.close();
      const result = await runCli(['copy', '--to', targetUrl], { DATA_DIR: dataDir });
      source = await openDatabase({ kind: 'pglite', dataDir });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toContain('already holds Misprint data');
      expect(await digestOf(target.db, 'reports')).toEqual(reportsBefore);
    });
  });
});
