/**
 * SIGTERM under load: the real server process on PostgreSQL, readers sending reports on 40
 * keep-alive connections, the signal landing mid-stream. Every report the server acknowledged
 * must be stored, and the process must exit 0 within 10 s (docs/operations.md, "Shutdown"). The
 * shutdown time is printed, not asserted beyond that bound.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import type { Database } from '../../server/db/schema.js';
import {
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  postgresAvailable,
} from '../helpers/databases.js';
import { parseScrape, sampleValue } from '../helpers/prometheus.js';
import {
  clientAddress,
  createFixtureSite,
  FIXTURE_ORIGIN,
  GENEROUS_RATE_LIMITS,
  validReport,
} from '../helpers/reports.js';
import { type RunningServer, startServer } from '../helpers/server.js';

/** Readers sending at once, each on its own connection. */
const READERS = 40;
/** Reports acknowledged before the signal, so the server is busy when it lands. */
const WARM_UP = 400;
/** The contract: from the signal to the exit. */
const SHUTDOWN_LIMIT_MS = 10_000;
/** Bounds the load: no reader sends after this, whatever happens. */
const LOAD_BUDGET_MS = 60_000;

describe.runIf(postgresAvailable)('misprint serve shutting down under load', () => {
  let dbName: string;
  let db: Kysely<Database>;
  let closeDb: () => Promise<void>;
  let server: RunningServer;
  let siteKey: string;

  beforeAll(async () => {
    dbName = await createScratchPostgres();
    const handle = await openDatabase({ kind: 'postgres', url: databaseUrl(dbName), poolSize: 2 });
    db = handle.db;
    closeDb = handle.close;
    await migrateToLatest(db);
    siteKey = (await createFixtureSite(db, { rateLimits: GENEROUS_RATE_LIMITS })).key;
    server = await startServer({ DATABASE_URL: databaseUrl(dbName), TRUST_PROXY: '1', LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    await server?.kill();
    await closeDb?.();
    if (dbName) await dropScratchPostgres(dbName);
  });

  it('loses no acknowledged report and exits 0 within 10 s of SIGTERM', { timeout: 90_000 }, async () => {
    const acknowledged: string[] = [];
    const refusedAfterSignal = { network: 0, status: 0 };
    let signalledAt: number | null = null;
    let inFlight = 0;
    let inFlightAtSignal = 0;
    let answeredAfterSignal = 0;
    const stopBy = Date.now() + LOAD_BUDGET_MS;

    const reader = async (n: number) => {
      for (let i = 0; Date.now() < stopBy; i++) {
        const report = validReport(siteKey, i);
        inFlight++;
        try {
          const response = await fetch(`${server.url}/api/v1/reports`, {
            method: 'POST',
            headers: {
              'Content-Type': 'text/plain;charset=UTF-8',
              Origin: FIXTURE_ORIGIN,
              'X-Forwarded-For': clientAddress(n),
            },
            body: JSON.stringify(report),
            signal: AbortSignal.timeout(15_000),
          });
          await response.arrayBuffer();
          if (signalledAt !== null) answeredAfterSignal++;
          if (response.status === 201 || response.status === 200) acknowledged.push(report.id);
          else if (signalledAt !== null) refusedAfterSignal.status++;
          else throw new Error(`report answered ${response.status} before the signal`);
        } catch (error) {
          // Once the server stops listening, new connections are refused: that reader is done.
          if (signalledAt === null) throw error;
          refusedAfterSignal.network++;
          return;
        } finally {
          inFlight--;
        }
      }
    };
    const readers = Promise.all(Array.from({ length: READERS }, (_, n) => reader(n)));

    while (acknowledged.length < WARM_UP) {
      if (server.process.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The live process's metrics, scraped from loopback with no token configured.
    const scrape = await parseScrape(await (await fetch(`${server.url}/metrics`)).text());
    expect(
      sampleValue(scrape, 'misprint_reports_accepted_total', { outcome: 'created' }),
    ).toBeGreaterThanOrEqual(WARM_UP);

    const exited = new Promise<void>((resolve) => server.process.once('exit', () => resolve()));
    signalledAt = performance.now();
    inFlightAtSignal = inFlight;
    server.process.kill('SIGTERM');
    await exited;
    const shutdownMs = performance.now() - signalledAt;
    await readers;

    console.log(
      `[shutdown] SIGTERM to exit under load: ${Math.round(shutdownMs)} ms; ${inFlightAtSignal} requests in flight at the signal, ${answeredAfterSignal} answered after it; ${acknowledged.length} reports acknowledged in all; refused after the signal: ${JSON.stringify(refusedAfterSignal)}`,
    );
    expect(server.process.exitCode, server.output().slice(-2000)).toBe(0);
    expect(shutdownMs).toBeLessThan(SHUTDOWN_LIMIT_MS);
    expect(server.output()).toContain('"message":"stopped"');

    const stored = new Set((await db.selectFrom('reports').select('id').execute()).map((row) => row.id));
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
  });
});
