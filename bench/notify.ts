/**
 * Notifications (issue 8): on the real server process and a scratch PostgreSQL database,
 * 1. the time from the ingest's 201 (the answer the widget gets) to the webhook request arriving at
 *    a receiver on 127.0.0.1, one report at a time on an otherwise idle server (p50, p99);
 * 2. ingest throughput (50 connections) with three channels configured (a webhook, Slack and
 *    Telegram, all answered by that receiver) as a ratio to the same run without channels. The
 *    runs alternate (without, with, …, BENCH_NOTIFY_ROUNDS pairs) so drift on a shared machine hits
 *    both sides, and the medians are compared; then how long the server takes to announce every new
 *    group of the last run (under saturating load, announcements queue behind ingest).
 *
 *   npx tsx bench/notify.ts      BENCH_SECONDS (default 5), BENCH_NOTIFY_SAMPLES (default 200)
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { createChannel } from '../server/db/queries/channels.js';
import { type Receiver, startReceiver } from '../tests/helpers/receiver.js';
import { createFixtureSite, GENEROUS_RATE_LIMITS, validReport } from '../tests/helpers/reports.js';
import { BIN, startServer } from '../tests/helpers/server.js';
import { type LoadRequest, runLoad } from './lib/load.js';
import { reportRequest } from './lib/report-request.js';
import { createScratch } from './lib/scratch.js';
import { startSink } from './lib/sink.js';
import { fixed, type Latencies, latencies } from './lib/stats.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SAMPLES = Number(process.env.BENCH_NOTIFY_SAMPLES ?? 200);
/** Alternating pairs of runs (without, with); the medians are compared. */
const ROUNDS = Number(process.env.BENCH_NOTIFY_ROUNDS ?? 3);
/** Pause between two timed reports, so each finds the server idle. */
const IDLE_GAP_MS = 20;
const ADDRESSES = 10_000;
const PAGES = 1000;

/** Figures of one notifications run. */
export interface NotifyFigures {
  /** Milliseconds from the 201 to the webhook request. */
  readonly webhookLatency: Latencies;
  readonly samples: number;
  readonly withoutChannels: number;
  readonly withChannels: number;
  readonly ratio: number;
  /** With ÷ without, per round (they alternate, so drift on a shared machine shows here). */
  readonly rounds: readonly number[];
  /** Deliveries written during the runs with channels (3 per new group; the rest were still queued). */
  readonly delivered: number;
  /** After the last run with channels: seconds until every new group was announced, and deliveries made. */
  readonly catchUpSeconds: number;
  readonly caughtUp: number;
}

/** Resolves when the receiver got the webhook carrying `quote`, with its arrival time. */
function arrival(receiver: Receiver, quote: string, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no webhook for ${quote}`)), timeoutMs);
    receiver.onRequest = (request) => {
      if (request.path !== '/hook' || !request.body.includes(`"quote":"${quote}"`)) return;
      clearTimeout(timer);
      receiver.onRequest = null;
      resolve(performance.now());
    };
  });
}

/** Runs the benchmark and returns its figures. */
export async function benchNotify(log: (line: string) => void = console.log): Promise<NotifyFigures> {
  if (!existsSync(new URL('../dist/server/cli.js', import.meta.url))) {
    throw new Error(`${BIN} needs dist/: run \`npm run build:server\` first`);
  }
  const scratch = await createScratch();
  const receiver = await startReceiver([{ status: 200, body: '{"ok":true}' }]);
  const sink = await startSink();
  try {
    const site = await createFixtureSite(scratch.handle.db, { rateLimits: GENEROUS_RATE_LIMITS });
    const owner = await scratch.handle.db
      .selectFrom('memberships')
      .select('user_id')
      .where('site_id', '=', site.id)
      .executeTakeFirstOrThrow();
    const server = await startServer({
      DATABASE_URL: scratch.url,
      TRUST_PROXY: '1',
      LOG_LEVEL: 'error',
      FETCH_ALLOW_PRIVATE: 'true',
      TELEGRAM_API_URL: `${sink.url}/telegram`,
    });
    try {
      const add = (type: 'webhook' | 'slack' | 'telegram', origin: string) =>
        createChannel(scratch.handle.db, {
          siteId: site.id,
          type,
          name: type,
          events: ['group.created'],
          filter: {},
          config:
            type === 'telegram'
              ? { chatId: '42' }
              : { url: `${origin}/${type === 'webhook' ? 'hook' : 'slack'}` },
          secret:
            type === 'webhook'
              ? `whsec_${Buffer.alloc(32, 1).toString('base64')}`
              : type === 'telegram'
                ? '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA'
                : null,
          createdBy: owner.user_id,
          at: new Date(),
        });
      const request = (n: number): LoadRequest =>
        reportRequest(validReport(site.key, n % PAGES), n % ADDRESSES);
      const reset = async () => {
        await sql`TRUNCATE reports, report_groups, groups, jobs, deliveries CASCADE`.execute(
          scratch.handle.db,
        );
        await sql`VACUUM ANALYZE reports`.execute(scratch.handle.db);
      };
      const throughput = async (label: string, offset: number) => {
        await reset();
        log(`notify: ingest ${label}, ${CONNECTIONS} connections for ${SECONDS} s…`);
        const run = await runLoad({
          origin: server.url,
          connections: CONNECTIONS,
          durationMs: SECONDS * 1000,
          next: (n) => request(offset + n),
        });
        return ((run.statuses['201'] ?? 0) + (run.statuses['200'] ?? 0)) / run.seconds;
      };

      await add('webhook', receiver.url);
      log(`notify: ${SAMPLES} reports one at a time, 201 → webhook request…`);
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES + 5; i++) {
        const body = validReport(site.key, 1e7 + i);
        const arrived = arrival(receiver, body.quote.exact);
        const request = reportRequest(body, i);
        const response = await fetch(`${server.url}${request.path}`, request);
        await response.arrayBuffer();
        const answered = performance.now();
        if (response.status !== 201) throw new Error(`ingest answered ${response.status}`);
        const at = await arrived;
        // The first few warm the server's caches and the dictionary worker up.
        if (i >= 5) samples.push(Math.max(0, at - answered));
        await new Promise((resolve) => setTimeout(resolve, IDLE_GAP_MS));
      }
      await sql`DELETE FROM channels`.execute(scratch.handle.db);

      log('notify: warming up for 2 s…');
      await runLoad({
        origin: server.url,
        connections: CONNECTIONS,
        durationMs: 2000,
        next: (n) => request(5e6 + n),
      });
      const without: number[] = [];
      const withChannels: number[] = [];
      let delivered = 0;
      let catchUpSeconds = Number.NaN;
      let caughtUp = 0;
      const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
        Number((await query.execute(scratch.handle.db)).rows[0]?.n ?? 0);
      for (let round = 0; round < ROUNDS; round++) {
        without.push(await throughput('without channels', round * 2e6));
        await add('webhook', sink.url);
        await add('slack', sink.url);
        await add('telegram', sink.url);
        withChannels.push(await throughput('with 3 channels', round * 2e6 + 1e6));
        delivered += await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM deliveries`);
        if (round === ROUNDS - 1) {
          log('notify: waiting until every new group of that run is announced…');
          const started = performance.now();
          while (performance.now() - started < 300_000) {
            const pending = await count(sql<{ n: number }>`
              SELECT count(*)::int AS n FROM jobs
               WHERE done_at IS NULL AND kind IN ('group.created', 'event', 'delivery')`);
            if (pending === 0) break;
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
          catchUpSeconds = (performance.now() - started) / 1000;
          caughtUp = await count(
            sql<{ n: number }>`SELECT count(*)::int AS n FROM deliveries WHERE state = 'delivered'`,
          );
        }
        await sql`DELETE FROM channels`.execute(scratch.handle.db);
      }
      const median = (values: number[]) => {
        const sorted = [...values].sort((a, b) => a - b);
        const mid = Math.floor(sorted.length / 2);
        return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
      };
      return {
        webhookLatency: latencies(samples),
        samples: samples.length,
        withoutChannels: median(without),
        withChannels: median(withChannels),
        ratio: median(withChannels) / median(without),
        rounds: without.map((w, i) => (withChannels[i] ?? 0) / w),
        delivered,
        catchUpSeconds,
        caughtUp,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await receiver.close();
    await sink.stop();
    await scratch.drop();
  }
}

/** Prints the figures. */
export function printNotify(f: NotifyFigures): void {
  console.log(
    `201 → webhook request (idle server, ${f.samples} reports): p50 ${fixed(f.webhookLatency.p50, 1)} ms, p99 ${fixed(f.webhookLatency.p99, 1)} ms`,
  );
  console.log(
    `ingest with 3 channels: ${fixed(f.withChannels, 0)} reports/s vs ${fixed(f.withoutChannels, 0)} without = ${fixed(f.ratio, 2)} × (medians; target ≥ 0.9); per round ${f.rounds.map((r) => fixed(r, 2)).join(', ')}`,
  );
  console.log(
    `${f.delivered} deliveries written during the runs with channels; after the last one, every new group was announced ${fixed(f.catchUpSeconds, 1)} s later (${f.caughtUp} delivered)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printNotify(await benchNotify());
}
