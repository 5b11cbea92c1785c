/**
 * Scaling out: ingest throughput of three server processes behind HAProxy against one process
 * alone, in the same run, on the same scratch PostgreSQL database and with the same load (50
 * keep-alive connections for 10 s, many readers and pages). On a 2-core machine the replicas, the
 * balancer, the load generator and PostgreSQL share the cores, so this shows that replicas add no
 * contention of their own, not what more machines would give.
 *
 *   npx tsx bench/replicas.ts
 */
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { startLoadBalancer } from '../tests/helpers/haproxy.js';
import { createFixtureSite, GENEROUS_RATE_LIMITS, validReport } from '../tests/helpers/reports.js';
import { startServer } from '../tests/helpers/server.js';
import { runLoad } from './lib/load.js';
import { reportRequest } from './lib/report-request.js';
import { createScratch } from './lib/scratch.js';
import { fixed, type Latencies, latencies } from './lib/stats.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ADDRESSES = 10_000;
const PAGES = 1000;

/** One configuration's run. */
export interface ReplicaRun {
  readonly replicas: number;
  readonly requestsPerSecond: number;
  readonly latency: Latencies;
}

/** Figures of the scaling benchmark. */
export interface ReplicaFigures {
  readonly one: ReplicaRun;
  readonly three: ReplicaRun;
  /** Three replicas' throughput over one's. */
  readonly ratio: number;
}

/** Runs one process, then three behind HAProxy, under the same load. */
export async function benchReplicas(log: (line: string) => void = console.log): Promise<ReplicaFigures> {
  const scratch = await createScratch();
  try {
    const site = await createFixtureSite(scratch.handle.db, { rateLimits: GENEROUS_RATE_LIMITS });
    const env = { DATABASE_URL: scratch.url, TRUST_PROXY: '1', LOG_LEVEL: 'error' };
    const reset = async () => {
      await sql`TRUNCATE reports, report_groups, groups, jobs CASCADE`.execute(scratch.handle.db);
      await sql`VACUUM ANALYZE reports`.execute(scratch.handle.db);
    };
    let offset = 0;
    const measure = async (origin: string, replicas: number): Promise<ReplicaRun> => {
      offset += 1e7;
      const base = offset;
      const next = (n: number) =>
        reportRequest(validReport(site.key, (base + n) % PAGES), (base + n) % ADDRESSES);
      await runLoad({ origin, connections: CONNECTIONS, durationMs: 2000, next });
      await reset();
      log(`replicas: ${replicas} × server, ${CONNECTIONS} connections for ${SECONDS} s…`);
      const load = await runLoad({ origin, connections: CONNECTIONS, durationMs: SECONDS * 1000, next });
      const accepted = (load.statuses['201'] ?? 0) + (load.statuses['200'] ?? 0);
      return { replicas, requestsPerSecond: accepted / load.seconds, latency: latencies(load.latencies) };
    };

    const first = await startServer(env);
    let one: ReplicaRun;
    try {
      one = await measure(first.url, 1);
    } finally {
      await first.stop();
    }
    const servers = await Promise.all([startServer(env), startServer(env), startServer(env)]);
    // The load generator stands in for many readers: HAProxy passes its X-Forwarded-For through.
    const balancer = await startLoadBalancer(
      servers.map((s) => s.port),
      { forwardFor: false },
    );
    let three: ReplicaRun;
    try {
      three = await measure(balancer.url, 3);
    } finally {
      await balancer.stop();
      await Promise.all(servers.map((s) => s.stop()));
    }
    return { one, three, ratio: three.requestsPerSecond / one.requestsPerSecond };
  } finally {
    await scratch.drop();
  }
}

/** Prints the figures. */
export function printReplicas(f: ReplicaFigures, log: (line: string) => void = console.log): void {
  for (const run of [f.one, f.three]) {
    log(
      `replicas: ${run.replicas} × server: ${fixed(run.requestsPerSecond, 0)} reports/s, ` +
        `p50 ${fixed(run.latency.p50, 1)} ms, p99 ${fixed(run.latency.p99, 1)} ms`,
    );
  }
  log(`replicas: three over one = ${fixed(f.ratio, 2)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printReplicas(await benchReplicas());
}
