import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStats } from '../db/connect.js';

/** How many jobs of one kind are pending (due or not, running or not), as read at scrape time. */
export interface JobDepth {
  readonly kind: string;
  readonly count: number;
}

/** Where the gauges read from at scrape time; absent sources leave their gauge empty. */
export interface MetricSources {
  /** The PostgreSQL pool's use; null on the embedded database, which has one session. */
  readonly pool?: (() => PoolStats) | null;
  /** Jobs pending, by kind: the outbox of notifications and the other background work. */
  readonly jobs?: (() => Promise<readonly JobDepth[]>) | null;
}

/** The application's metrics: one set per app, scraped at `/metrics` with the process's own. */
export interface Metrics {
  readonly registry: Registry;
  /** Reports answered 201 (`created`, honeypot decoys included) or 200 (`replayed`). */
  readonly reportsAccepted: Counter<'outcome'>;
  /** Reports refused, by the error code of the answer. */
  readonly reportsRefused: Counter<'code'>;
  /** Time from a report's request to its answer, accepted or refused. */
  readonly ingestSeconds: Histogram<'result'>;
  /**
   * Attempts of background jobs by kind and outcome (`done`, `retry`, `failed`, `error`): for
   * notification deliveries, the delivery outcomes. Counted around each handler (jobs.ts).
   */
  readonly jobAttempts: Counter<'kind' | 'outcome'>;
}

/**
 * Latency buckets for ingest, in seconds: a stored report takes a few milliseconds, a refusal from
 * memory well under one, and anything near a second means the database is struggling.
 */
const INGEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

let processRegistry: Registry | undefined;

/**
 * Process-wide figures (event-loop lag, memory, CPU, handles) under their usual `nodejs_` and
 * `process_` names, which ready-made Node.js dashboards expect. Created once per process however
 * many apps it builds (tests build hundreds).
 */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Creates the application's metrics, with gauges that read `sources` when scraped. */
export function createMetrics(sources: MetricSources = {}): Metrics {
  const registry = new Registry();
  const reportsAccepted = new Counter({
    name: 'misprint_reports_accepted_total',
    help: 'Reports accepted: created (201) or replayed (200, an id seen before).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const reportsRefused = new Counter({
    name: 'misprint_reports_refused_total',
    help: 'Reports refused, by the error code of the answer.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const ingestSeconds = new Histogram({
    name: 'misprint_ingest_duration_seconds',
    help: 'Time from receiving a report request to answering it.',
    labelNames: ['result'] as const,
    buckets: INGEST_BUCKETS,
    registers: [registry],
  });
  const jobAttempts = new Counter({
    name: 'misprint_job_attempts_total',
    help: 'Finished attempts of background jobs (deliveries among them), by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const poolSource = sources.pool;
  if (poolSource) {
    new Gauge({
      name: 'misprint_db_pool_connections',
      help: 'Connections of the PostgreSQL pool, by state (busy, idle).',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const stats = poolSource();
        this.set({ state: 'busy' }, stats.total - stats.idle);
        this.set({ state: 'idle' }, stats.idle);
      },
    });
    new Gauge({
      name: 'misprint_db_pool_waiting',
      help: 'Queries waiting for a connection of the PostgreSQL pool.',
      registers: [registry],
      collect() {
        this.set(poolSource().waiting);
      },
    });
    new Gauge({
      name: 'misprint_db_pool_max',
      help: 'Most connections the PostgreSQL pool opens.',
      registers: [registry],
      collect() {
        this.set(poolSource().max);
      },
    });
  }
  const jobsSource = sources.jobs;
  if (jobsSource) {
    new Gauge({
      name: 'misprint_jobs_pending',
      help: 'Background jobs not yet done (the notification outbox among them), by kind, read at scrape time.',
      labelNames: ['kind'] as const,
      registers: [registry],
      async collect() {
        const depths = await jobsSource();
        // A kind whose jobs all finished must read 0 or vanish, not keep its last count.
        this.reset();
        for (const depth of depths) this.set({ kind: depth.kind }, depth.count);
      },
    });
  }
  return { registry, reportsAccepted, reportsRefused, ingestSeconds, jobAttempts };
}

/** The text a scrape answers: the app's metrics, then the process's. */
export async function renderMetrics(metrics: Metrics): Promise<string> {
  const [own, process] = await Promise.all([metrics.registry.metrics(), processMetrics().metrics()]);
  return `${own}\n${process}`;
}
