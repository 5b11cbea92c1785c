import type { Kysely } from 'kysely';
import { isDatabaseUnavailable } from '../db/errors.js';
import {
  type StoreReportInput,
  type StoreReportResult,
  storeReport,
  storeReportBatch,
} from '../db/queries/ingest.js';
import type { Database } from '../db/schema.js';

/**
 * Most reports in one statement. Past a few dozen the commit it saves is a small share of the
 * batch's work, and a long batch holds its clients' locks longer.
 */
export const MAX_BATCH = 64;

/**
 * Statements one process keeps in flight. Two would keep two backends busy, but a process's
 * concurrent batches wait on each other's duplicate-group rows until commit and can deadlock on
 * them (each deadlock costs deadlock_timeout before the fallback below). Alternating
 * bench/ingest.ts runs (reports/s, two vs one) showed no reliable gain to pay for that: 609/1537,
 * 557/706, 1249/1659 before the plan fix of migrations/0005, 1785/2399 and 3228/1553 after it.
 * With one, only batches of different processes can deadlock.
 */
export const BATCHES_IN_FLIGHT = 1;

/** Tuning of a {@link ReportStore}; the defaults are what the server runs with. */
export interface ReportStoreOptions {
  maxBatch?: number;
  inFlight?: number;
}

/** Stores reports through the ingest database functions, coalescing concurrent ones. */
export interface ReportStore {
  /** The database's outcome for one report: the same as `storeReport` would give. */
  store(input: StoreReportInput): Promise<StoreReportResult>;
}

interface Pending {
  readonly input: StoreReportInput;
  readonly resolve: (result: StoreReportResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Lock order of `misprint_ingest_report`'s advisory lock (site, client): batches that take their
 * clients' locks in one global order cannot deadlock on them. Stable, so one client's reports keep
 * their arrival order and its limit refuses the later ones, as it would one request at a time.
 */
function byLockKey(a: Pending, b: Pending): number {
  return compare(a.input.siteId, b.input.siteId) || compare(a.input.ipHash, b.input.ipHash);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Group commit in the application: a report arriving while the process's statements are in
 * flight waits for one to return and then goes with everything else that waited, as one statement
 * (one transaction, one WAL flush). At low load nothing waits: a lone report is sent at once,
 * through the single-report function. A batch that fails as a whole (a deadlock, a site deleted
 * under one item, anything but an unreachable database) wrote nothing, and its reports are retried
 * one by one, so one bad report never fails its neighbours; an unreachable database fails them all
 * (each answers 503).
 */
export function createReportStore(db: Kysely<Database>, options: ReportStoreOptions = {}): ReportStore {
  const maxBatch = options.maxBatch ?? MAX_BATCH;
  const inFlight = options.inFlight ?? BATCHES_IN_FLIGHT;
  const queue: Pending[] = [];
  let running = 0;
  let scheduled = false;

  async function run(batch: Pending[]): Promise<void> {
    const [only] = batch;
    if (only && batch.length === 1) {
      await storeReport(db, only.input).then(only.resolve, only.reject);
      return;
    }
    batch.sort(byLockKey);
    try {
      const results = await storeReportBatch(
        db,
        batch.map((p) => p.input),
      );
      batch.forEach((p, i) => {
        const result = results[i];
        if (result) p.resolve(result);
        else p.reject(new Error('misprint_ingest_batch lost an item'));
      });
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        for (const p of batch) p.reject(error);
        return;
      }
      await Promise.all(batch.map((p) => storeReport(db, p.input).then(p.resolve, p.reject)));
    }
  }

  function pump(): void {
    scheduled = false;
    while (running < inFlight && queue.length > 0) {
      running++;
      void run(queue.splice(0, maxBatch)).finally(() => {
        running--;
        pump();
      });
    }
  }

  return {
    store(input) {
      return new Promise<StoreReportResult>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        // Reports handed over in the same tick leave together; no timer, so no added latency.
        if (!scheduled && running < inFlight) {
          scheduled = true;
          queueMicrotask(pump);
        }
      });
    },
  };
}
