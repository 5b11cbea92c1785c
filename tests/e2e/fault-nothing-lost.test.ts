/**
 * A reader's report is never lost: 1,000 reports waiting in the widget's own offline queue, sent by
 * its own sender (`flushQueue`, with the queue's backoff and Retry-After rules) from 50 pages while
 * the database becomes unreachable twice (refused, then hanging) and the server process is killed
 * and restarted once. Exactly 1,000 rows must come out, each once.
 *
 * Each page is a fresh instance of the widget's modules with its own storage, as in a browser.
 * The widget's clock is the test's: virtual time running {@link SPEEDUP} times faster than real
 * time, so the queue's backoff of 5 s, 10 s, 20 s … passes in tens of milliseconds and the
 * server's `Retry-After: 5` in 50 ms, while the faults last real seconds.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReportInput } from '../../contract/report.js';
import { openDatabase } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import type { Database } from '../../server/db/schema.js';
import type { Fetch } from '../../widget/send.js';
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

/** Pages sending at the same time, each with its own queue. */
const PAGES = 50;
/** Reports queued on each page: within the queue's cap of 30. */
const REPORTS_PER_PAGE = 20;
const REPORTS = PAGES * REPORTS_PER_PAGE;
/** How long each outage lasts, in real time. */
const OUTAGE_MS = 2500;
/** How much faster the widget's clock runs than the real one. */
const SPEEDUP = 100;
/** Bounds the whole run: a page still sending by then fails the test instead of hanging it. */
const RUN_BUDGET_MS = 90_000;

/** What the pages saw on the way, to prove each fault actually hit traffic. */
interface Tally {
  created: number;
  replayed: number;
  unavailable: number;
  rateLimited: number;
  networkErrors: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The widget's clock in this test: virtual milliseconds since the epoch, {@link SPEEDUP} times real. */
function virtualClock(): { now: () => number; until: (at: number) => Promise<void> } {
  const start = Date.now();
  const realStart = performance.now();
  const now = () => start + (performance.now() - realStart) * SPEEDUP;
  return { now, until: (at) => sleep(Math.max(0, (at - now()) / SPEEDUP)) };
}

/** A page's localStorage. */
class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }
}

/**
 * The network between a page and the server: the reader's address (the server trusts
 * X-Forwarded-For here) and the page's origin, which a browser would add itself; a timeout a
 * browser would eventually hit too. Counts what came back.
 */
function pageNetwork(address: string, tally: Tally): Fetch {
  return async (input, init) => {
    try {
      const response = await fetch(input, {
        ...init,
        headers: { Origin: FIXTURE_ORIGIN, 'X-Forwarded-For': address },
        signal: AbortSignal.timeout(15_000),
      });
      if (response.status === 201) tally.created++;
      else if (response.status === 200) tally.replayed++;
      else if (response.status === 503) tally.unavailable++;
      else if (response.status === 429) tally.rateLimited++;
      return response;
    } catch (error) {
      tally.networkErrors++;
      throw error;
    }
  };
}

/** The widget's queue and its sender, as one page loads them. */
interface WidgetPage {
  enqueue: typeof import('../../widget/queue.js').enqueue;
  flushQueue: typeof import('../../widget/flush.js').flushQueue;
}

/**
 * A fresh instance of the widget's modules: in a browser each page has its own (the sender keeps
 * one flush at a time per page in module state). Loaded one page after another, as a reset of the
 * module registry must not interleave with another page's import.
 */
async function loadPage(): Promise<WidgetPage> {
  vi.resetModules();
  const { enqueue } = await import('../../widget/queue.js');
  const { flushQueue } = await import('../../widget/flush.js');
  return { enqueue, flushQueue };
}

/**
 * One page: its reports queued as the dialog queues them when sending fails, then sent the way the
 * widget's `flush` does: send what is due, wait until the next is due, again, until it is empty.
 */
async function runPage(
  page: WidgetPage,
  endpoint: string,
  reports: readonly ReportInput[],
  network: Fetch,
  clock: ReturnType<typeof virtualClock>,
  deadline: number,
): Promise<void> {
  const storage = new MemoryStorage();
  for (const report of reports) {
    if (!page.enqueue(storage, endpoint, report, clock.now())) throw new Error('the queue refused a report');
  }
  for (;;) {
    const result = await page.flushQueue(storage, clock.now, { fetcher: network });
    if (result.dropped > 0) throw new Error(`the widget dropped ${result.dropped} report(s)`);
    if (result.nextDue === null) return;
    if (Date.now() > deadline) throw new Error(`${result.left} report(s) still queued at the deadline`);
    await clock.until(result.nextDue);
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
    const clock = virtualClock();
    // The server comes back on the same port after the crash: one endpoint for the whole run.
    const endpoint = server.url;
    const delivered = () => tally.created + tally.replayed;

    let failure: unknown;
    let phase = 'steady';
    const faults = async () => {
      // Waits for a point in the run; false once a page failed, so no fault outlives the test.
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

    const loaded: WidgetPage[] = [];
    for (let page = 0; page < PAGES; page++) loaded.push(await loadPage());
    // Separate instances, or the pages would share one sender and wait on each other.
    expect(loaded[0]?.flushQueue).not.toBe(loaded[1]?.flushQueue);

    const pages = Promise.all(
      loaded.map((widget, page) =>
        runPage(
          widget,
          endpoint,
          reports.slice(page * REPORTS_PER_PAGE, (page + 1) * REPORTS_PER_PAGE),
          pageNetwork(clientAddress(page), tally),
          clock,
          deadline,
        ),
      ),
    ).catch((error: unknown) => {
      failure = error;
    });
    await Promise.all([faults(), pages]);
    if (failure !== undefined) {
      throw new Error(
        `${String(failure)}\nphase: ${phase}; tally: ${JSON.stringify(tally)}\nserver output:\n${server.output().slice(-3000)}`,
      );
    }

    // A report leaves its queue at its first success (201, or 200 when an earlier attempt was
    // stored but its answer lost), so each page saw exactly one per report.
    expect(delivered(), JSON.stringify(tally)).toBe(REPORTS);
    // Each fault reached the pages: the outages as 503s, the crash as refused connections.
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
