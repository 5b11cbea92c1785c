/**
 * A reader's report is never lost: 1,000 reports sent with the widget's retry rules while the
 * database becomes unreachable twice (refused, then hanging) and the server process is killed and
 * restarted once. Exactly 1,000 rows must come out, each once.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportInput } from '../../contract/report.js';
import { openDatabase } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import type { Database } from '../../server/db/schema.js';
import {
  ADMIN_DATABASE_URL,
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  isPostgresAvailable,
} from '../helpers/databases.js';
import {
  clientAddress,
  createFixtureSite,
  FIXTURE_ORIGIN,
  GENEROUS_RATE_LIMITS,
  validReport,
} from '../helpers/reports.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const REPORTS = 1000;
/** Readers sending at the same time. */
const SENDERS = 25;
/** How long each outage lasts. */
const OUTAGE_MS = 2500;
/** The widget's backoff: doubling from 250 ms, capped at 2 s, Retry-After honoured when given. */
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 2000;
/** Bounds the whole run: a sender still failing by then fails the test instead of hanging it. */
const RUN_BUDGET_MS = 90_000;

/** What the senders saw on the way, to prove each fault actually hit traffic. */
interface Tally {
  created: number;
  replayed: number;
  unavailable: number;
  rateLimited: number;
  networkErrors: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends one report the way the widget's queue does: the same id on every attempt, retrying network
 * errors, 503 and 429 (after Retry-After when present, else a capped exponential backoff).
 */
async function deliver(
  origin: () => string,
  report: ReportInput,
  address: string,
  tally: Tally,
  deadline: number,
) {
  const body = JSON.stringify(report);
  for (let attempt = 0; ; attempt++) {
    let waitMs = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt) * (0.5 + Math.random() / 2);
    try {
      const res = await fetch(`${origin()}/api/v1/reports`, {
        method: 'POST',
        headers: {
          'Content-Type': 'text/plain;charset=UTF-8',
          Origin: FIXTURE_ORIGIN,
          'X-Forwarded-For': address,
        },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      if (res.status === 201 || res.status === 200) {
        if (res.status === 201) tally.created++;
        else tally.replayed++;
        return;
      }
      if (res.status !== 503 && res.status !== 429) {
        throw new Error(`report ${report.id} answered ${res.status}, which the widget would drop: ${text}`);
      }
      if (res.status === 503) tally.unavailable++;
      else tally.rateLimited++;
      const retryAfter = Number(res.headers.get('Retry-After'));
      if (retryAfter > 0) waitMs = retryAfter * 1000;
    } catch (error) {
      // fetch rejects with a TypeError for network failures and a DOMException for the timeout.
      if (!(error instanceof TypeError) && !(error instanceof DOMException)) throw error;
      tally.networkErrors++;
    }
    if (Date.now() + waitMs > deadline)
      throw new Error(`report ${report.id} still not delivered at the deadline`);
    await sleep(waitMs);
  }
}

describe.runIf(await isPostgresAvailable())('nothing is lost through database outages and a crash', () => {
  let dbName: string;
  let db: Kysely<Database>;
  let closeDb: () => Promise<void>;
  let proxy: TcpProxy;
  let server: RunningServer;
  let env: Record<string, string>;
  let siteId: string;
  let siteKey: string;

  beforeAll(async () => {
    dbName = await createScratchPostgres();
    const handle = await openDatabase({ kind: 'postgres', url: databaseUrl(dbName), poolSize: 2 });
    db = handle.db;
    closeDb = handle.close;
    await migrateToLatest(db);
    ({ id: siteId, key: siteKey } = await createFixtureSite(db, { rateLimits: GENEROUS_RATE_LIMITS }));
    const admin = new URL(ADMIN_DATABASE_URL);
    proxy = await startTcpProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    env = { DATABASE_URL: proxy.rewrite(databaseUrl(dbName)), TRUST_PROXY: '1', LOG_LEVEL: 'error' };
    server = await startServer(env);
  });

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await closeDb?.();
    if (dbName) await dropScratchPostgres(dbName);
  });

  it('stores exactly 1,000 reports, each once', { timeout: RUN_BUDGET_MS + 30_000 }, async () => {
    const reports = Array.from({ length: REPORTS }, (_, i) => validReport(siteKey, i % 50));
    const tally: Tally = { created: 0, replayed: 0, unavailable: 0, rateLimited: 0, networkErrors: 0 };
    const deadline = Date.now() + RUN_BUDGET_MS;
    const origin = () => server.url;
    const delivered = () => tally.created + tally.replayed;

    let next = 0;
    const sender = async () => {
      while (next < reports.length) {
        const i = next++;
        const report = reports[i];
        if (report) await deliver(origin, report, clientAddress(i), tally, deadline);
      }
    };

    let failure: unknown;
    let phase = 'steady';
    const faults = async () => {
      // Waits for a point in the run; false once the senders failed, so no fault outlives the test.
      const when = async (count: number) => {
        while (delivered() < count && failure === undefined && Date.now() < deadline) await sleep(10);
        return failure === undefined;
      };
      if (!(await when(150))) return;
      phase = 'database refusing';
      await proxy.down('refuse');
      await sleep(OUTAGE_MS);
      await proxy.up();
      phase = 'after the first outage';

      if (!(await when(450))) return;
      phase = 'server killed';
      await server.kill();
      server = await startServer(env, { port: server.port });
      phase = 'after the restart';

      if (!(await when(750))) return;
      phase = 'database hanging';
      await proxy.down('hang');
      await sleep(OUTAGE_MS);
      await proxy.up();
      phase = 'after the second outage';
    };

    const senders = Promise.all(Array.from({ length: SENDERS }, sender)).catch((error: unknown) => {
      failure = error;
    });
    await Promise.all([faults(), senders]);
    if (failure !== undefined) {
      throw new Error(
        `${String(failure)}\nphase: ${phase}; tally: ${JSON.stringify(tally)}\nserver output:\n${server.output().slice(-3000)}`,
      );
    }

    expect(delivered()).toBe(REPORTS);
    // Each fault reached the senders: the outages as 503s, the crash as refused connections.
    expect(tally.unavailable, JSON.stringify(tally)).toBeGreaterThan(0);
    expect(tally.networkErrors, JSON.stringify(tally)).toBeGreaterThan(0);

    const rows = await db
      .selectFrom('reports')
      .select(['id', 'quote_exact'])
      .where('site_id', '=', siteId)
      .execute();
    expect(rows).toHaveLength(REPORTS);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(reports.map((r) => r.id)));
    const sent = new Map(reports.map((r) => [r.id, r.quote.exact]));
    for (const row of rows) expect(row.quote_exact).toBe(sent.get(row.id));

    // The inbox's bookkeeping survived the faults too: every row is counted in exactly one group.
    const groups = await db
      .selectFrom('report_groups')
      .select((eb) => eb.fn.sum<number>('report_count').as('n'))
      .where('site_id', '=', siteId)
      .executeTakeFirstOrThrow();
    expect(groups.n).toBe(REPORTS);
  });
});
