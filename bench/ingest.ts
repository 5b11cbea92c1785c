/**
 * Ingest throughput: the real server process on a scratch PostgreSQL database, 50 keep-alive
 * connections sending valid reports for 10 s from many client addresses (TRUST_PROXY=1 and raised
 * site limits, so the limiter admits them), against PostgreSQL's own ceiling for the same insert.
 *
 *   npx tsx bench/ingest.ts            BENCH_PROFILE=1 adds a CPU profile of the server
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import type { ReportInput } from '../contract/report.js';
import {
  clientAddress,
  createFixtureSite,
  FIXTURE_ORIGIN,
  GENEROUS_RATE_LIMITS,
  validReport,
} from '../tests/helpers/reports.js';
import { BIN, startServer } from '../tests/helpers/server.js';
import { measureCeiling } from './lib/ceiling.js';
import { type LoadRequest, runLoad } from './lib/load.js';
import { cpuSeconds, rssMiB } from './lib/machine.js';
import { summariseProfile } from './lib/profile.js';
import { createScratch } from './lib/scratch.js';
import { fixed, type Latencies, latencies } from './lib/stats.js';

/** Concurrency and duration of both the HTTP run and the ceiling run. */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Distinct readers and pages in the load (groups spread like the ceiling run's). */
const ADDRESSES = 10_000;
const PAGES = 1000;

/** Server CPU per request of one stage of the ingest path. */
export interface StageCost {
  readonly name: string;
  readonly cpuMsPerRequest: number;
  readonly statuses: Readonly<Record<string, number>>;
}

/** Figures of one ingest run. */
export interface IngestFigures {
  readonly requestsPerSecond: number;
  readonly latency: Latencies;
  readonly statuses: Readonly<Record<string, number>>;
  readonly stored: number;
  readonly ceilingTool: string;
  readonly insertTps: number;
  readonly ratio: number;
  /** Calls per second of the ingest's database function alone (diagnostic). */
  readonly functionTps: number;
  readonly rssIdleMiB: number | null;
  readonly rssEndMiB: number | null;
  /** CPU time the server process spent per request: independent of what else shares the machine. */
  readonly serverCpuMsPerRequest: number | null;
  /** CPU time the load generator spent per request (it shares the machine with the server). */
  readonly loadCpuMsPerRequest: number;
  readonly stages: readonly StageCost[];
  readonly profile: string | null;
}

/** Runs the ingest benchmark and returns its figures. */
export async function benchIngest(log: (line: string) => void = console.log): Promise<IngestFigures> {
  if (!existsSync(new URL('../dist/server/cli.js', import.meta.url))) {
    throw new Error(`${BIN} needs dist/: run \`npm run build:server\` first`);
  }
  const scratch = await createScratch();
  const profileDir = process.env.BENCH_PROFILE ? await mkdtemp(join(tmpdir(), 'misprint-prof-')) : null;
  try {
    const site = await createFixtureSite(scratch.handle.db, { rateLimits: GENEROUS_RATE_LIMITS });

    const reset = async () => {
      await sql`TRUNCATE reports, report_groups, groups, jobs CASCADE`.execute(scratch.handle.db);
      await sql`VACUUM ANALYZE reports`.execute(scratch.handle.db);
    };
    log(`ingest: PostgreSQL ceiling for the single-row insert, ${CONNECTIONS} clients for ${SECONDS} s…`);
    const ceiling = await measureCeiling('insert', scratch.url, site.id, CONNECTIONS, SECONDS);
    await reset();
    // Diagnostic: the ingest's own database call at the same concurrency splits the gap between
    // what PostgreSQL does per report and what the Node process adds.
    log(`ingest: PostgreSQL ceiling for the ingest function, ${CONNECTIONS} clients for ${SECONDS} s…`);
    const functionCeiling = await measureCeiling(
      'ingest-function',
      scratch.url,
      site.id,
      CONNECTIONS,
      SECONDS,
    );
    await reset();

    const server = await startServer(
      { DATABASE_URL: scratch.url, TRUST_PROXY: '1', LOG_LEVEL: 'error' },
      profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {},
    );
    try {
      const rssIdle = server.process.pid ? await rssMiB(server.process.pid) : null;
      const pid = server.process.pid ?? 0;
      const request = (n: number, overrides: Partial<ReportInput> = {}): LoadRequest => ({
        method: 'POST',
        path: '/api/v1/reports',
        headers: {
          'Content-Type': 'text/plain;charset=UTF-8',
          Origin: FIXTURE_ORIGIN,
          'X-Forwarded-For': clientAddress(n % ADDRESSES),
        },
        body: JSON.stringify(validReport(site.key, n % PAGES, overrides)),
      });
      log('ingest: CPU per request by stage (10 connections, 2 s each)…');
      const stages: StageCost[] = [];
      const stage = async (name: string, next: (n: number) => LoadRequest) => {
        await runLoad({ origin: server.url, connections: 10, durationMs: 500, next });
        const before = await cpuSeconds(pid);
        const run = await runLoad({ origin: server.url, connections: 10, durationMs: 2000, next });
        const after = await cpuSeconds(pid);
        const ms = before !== null && after !== null ? ((after - before) * 1000) / run.requests : Number.NaN;
        stages.push({ name, cpuMsPerRequest: ms, statuses: run.statuses });
      };
      await stage('GET /healthz (HTTP and router only)', () => ({
        method: 'GET',
        path: '/healthz',
        headers: {},
      }));
      await stage('honeypot report (body, validation, site cache; no database)', (n) =>
        request(n, { hp: 'bot' }),
      );
      await stage('valid report (… plus client hash and the database call)', (n) => request(n + 2e6));
      log('ingest: warming up for 2 s…');
      await runLoad({
        origin: server.url,
        connections: CONNECTIONS,
        durationMs: 2000,
        next: (n) => request(n + 1e6),
      });
      await reset();

      log(`ingest: ${CONNECTIONS} connections for ${SECONDS} s against the server…`);
      const cpuBefore = await cpuSeconds(pid);
      const ownCpuBefore = process.cpuUsage();
      const load = await runLoad({
        origin: server.url,
        connections: CONNECTIONS,
        durationMs: SECONDS * 1000,
        next: request,
      });
      const rssEnd = await rssMiB(pid);
      const cpuAfter = await cpuSeconds(pid);
      const ownCpu = process.cpuUsage(ownCpuBefore);
      const accepted = (load.statuses['201'] ?? 0) + (load.statuses['200'] ?? 0);
      const stored = Number(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports`.execute(scratch.handle.db)).rows[0]
          ?.n,
      );
      await server.stop();
      const profile = profileDir ? await readProfile(profileDir) : null;
      const requestsPerSecond = accepted / load.seconds;
      return {
        requestsPerSecond,
        latency: latencies(load.latencies),
        statuses: load.statuses,
        stored,
        ceilingTool: ceiling.tool,
        insertTps: ceiling.tps,
        ratio: requestsPerSecond / ceiling.tps,
        functionTps: functionCeiling.tps,
        rssIdleMiB: rssIdle,
        rssEndMiB: rssEnd,
        serverCpuMsPerRequest:
          cpuBefore !== null && cpuAfter !== null ? ((cpuAfter - cpuBefore) * 1000) / load.requests : null,
        loadCpuMsPerRequest: (ownCpu.user + ownCpu.system) / 1000 / load.requests,
        stages,
        profile,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.drop();
    if (profileDir && !process.env.BENCH_PROFILE_KEEP) await rm(profileDir, { recursive: true, force: true });
    else if (profileDir) log(`profile kept in ${profileDir}`);
  }
}

async function readProfile(dir: string): Promise<string | null> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  return files[0] ? summariseProfile(join(dir, files[0])) : null;
}

/** Prints the figures of one run. */
export function printIngest(f: IngestFigures, log: (line: string) => void = console.log): void {
  log(
    `ingest: ${fixed(f.requestsPerSecond, 0)} req/s (statuses ${JSON.stringify(f.statuses)}, ${f.stored} rows stored), ` +
      `p50 ${fixed(f.latency.p50, 2)} ms, p99 ${fixed(f.latency.p99, 2)} ms, max ${fixed(f.latency.max, 1)} ms`,
  );
  log(
    `ingest: ${f.ceilingTool} insert ceiling ${fixed(f.insertTps, 0)} tps → ratio ${fixed(f.ratio, 2)} (target ≥ 0.5); ` +
      `the ingest function alone ${fixed(f.functionTps, 0)} tps; ` +
      `server RSS ${fixed(f.rssIdleMiB ?? Number.NaN, 0)} MiB idle, ${fixed(f.rssEndMiB ?? Number.NaN, 0)} MiB after the run`,
  );
  log(
    `ingest: CPU per request: server ${fixed(f.serverCpuMsPerRequest ?? Number.NaN, 3)} ms, ` +
      `load generator ${fixed(f.loadCpuMsPerRequest, 3)} ms`,
  );
  for (const s of f.stages) {
    log(`ingest:   ${fixed(s.cpuMsPerRequest, 3)} ms CPU  ${s.name} ${JSON.stringify(s.statuses)}`);
  }
  if (f.profile) log(f.profile);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printIngest(await benchIngest());
}
