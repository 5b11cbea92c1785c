/**
 * Ingest throughput: the real server process on a scratch PostgreSQL database, 50 keep-alive
 * connections sending valid reports for 10 s from many client addresses (TRUST_PROXY=1 and raised
 * site limits, so the limiter admits them), against PostgreSQL's own ceiling for the same insert.
 * Then ingest latency under a steady load: an open loop at 25, 50 and 75 % of that maximum, each
 * latency timed from when its request was due (issue 11; the closed loop's latency is mostly
 * 50 connections ÷ throughput).
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
import { createFixtureSite, GENEROUS_RATE_LIMITS, validReport } from '../tests/helpers/reports.js';
import { BIN, startServer } from '../tests/helpers/server.js';
import { measureCeiling } from './lib/ceiling.js';
import { type LoadRequest, runLoad } from './lib/load.js';
import { cpuSeconds, rssMiB } from './lib/machine.js';
import { runOpenLoop } from './lib/open-loop.js';
import { summariseProfile } from './lib/profile.js';
import { reportRequest } from './lib/report-request.js';
import { createScratch } from './lib/scratch.js';
import { fixed, type Latencies, latencies, quantile } from './lib/stats.js';

/** Concurrency and duration of both the HTTP run and the ceiling run. */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Shares of the measured maximum the open loop runs at, and for how long each. */
const OPEN_LOOP_SHARES = [0.25, 0.5, 0.75];
const OPEN_LOOP_SECONDS = Number(process.env.BENCH_OPEN_LOOP_SECONDS ?? 10);
/** Distinct readers and pages in the load (groups spread like the ceiling run's). */
const ADDRESSES = 10_000;
const PAGES = 1000;

/** Server CPU per request of one stage of the ingest path. */
export interface StageCost {
  readonly name: string;
  readonly cpuMsPerRequest: number;
  readonly statuses: Readonly<Record<string, number>>;
}

/** Latency at one constant arrival rate, timed from when each request was due. */
export interface OpenLoopFigures {
  /** Share of the closed loop's throughput. */
  readonly share: number;
  readonly rate: number;
  readonly achievedRate: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly statuses: Readonly<Record<string, number>>;
  /** 99th percentile of how late the generator sent requests (its own lag on a shared machine). */
  readonly sendDelayP99: number;
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
  readonly openLoop: readonly OpenLoopFigures[];
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
      const request = (n: number, overrides: Partial<ReportInput> = {}): LoadRequest =>
        reportRequest(validReport(site.key, n % PAGES, overrides), n % ADDRESSES);
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
      const requestsPerSecond = accepted / load.seconds;

      await reset();
      const openLoop: OpenLoopFigures[] = [];
      let offset = 3e6;
      for (const share of OPEN_LOOP_SHARES) {
        const rate = share * requestsPerSecond;
        log(
          `ingest: open loop at ${fixed(rate, 0)} reports/s (${share * 100} % of the maximum) for ${OPEN_LOOP_SECONDS} s…`,
        );
        const base = offset;
        // A second at the rate first, so connections are open before anything is timed.
        await runOpenLoop({ origin: server.url, rate, durationMs: 1000, next: (n) => request(base + n) });
        const run = await runOpenLoop({
          origin: server.url,
          rate,
          durationMs: OPEN_LOOP_SECONDS * 1000,
          next: (n) => request(base + 1e5 + n),
        });
        offset += 1e6;
        const sorted = [...run.latencies].sort((a, b) => a - b);
        openLoop.push({
          share,
          rate,
          achievedRate: run.achievedRate,
          p50: quantile(sorted, 0.5),
          p99: quantile(sorted, 0.99),
          p999: quantile(sorted, 0.999),
          statuses: run.statuses,
          sendDelayP99: quantile(
            [...run.sendDelays].sort((a, b) => a - b),
            0.99,
          ),
        });
      }
      await server.stop();
      const profile = profileDir ? await readProfile(profileDir) : null;
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
        openLoop,
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
  for (const o of f.openLoop) {
    log(
      `ingest: open loop ${String(o.share * 100).padStart(2)} % (${fixed(o.rate, 0)}/s, achieved ${fixed(o.achievedRate, 0)}/s): ` +
        `p50 ${fixed(o.p50, 2)} ms, p99 ${fixed(o.p99, 2)} ms, p99.9 ${fixed(o.p999, 2)} ms ` +
        `(generator p99 lateness ${fixed(o.sendDelayP99, 2)} ms; ${JSON.stringify(o.statuses)})`,
    );
  }
  if (f.profile) log(f.profile);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printIngest(await benchIngest());
}
