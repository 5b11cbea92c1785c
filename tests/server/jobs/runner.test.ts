import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/connect.js';
import { countPendingJobs, enqueueJob, finishJob } from '../../../server/db/queries/jobs.js';
import { createJobRunner, type JobRunner } from '../../../server/jobs/runner.js';
import { createJobSignal } from '../../../server/jobs/signal.js';
import type { JobHandler, JobOutcome, RunningJob } from '../../../server/jobs/types.js';
import { createLogger } from '../../../server/logger.js';
import { describeEachDialect } from '../../helpers/databases.js';

const logger = createLogger('silent');
const T0 = new Date('2026-11-29T08:00:00.000Z');

/** The `n` a test job carries. */
function payloadNumber(payload: unknown): number {
  if (typeof payload === 'object' && payload !== null && 'n' in payload && typeof payload.n === 'number') {
    return payload.n;
  }
  throw new Error(`unexpected payload ${JSON.stringify(payload)}`);
}

/** A clock the test moves. */
function clock(start = T0) {
  let at = start.getTime();
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
}

/** A handler that records what it ran and answers with `outcome(job)`. */
function recorder(
  kind: string,
  outcome: (job: RunningJob) => Promise<JobOutcome> | JobOutcome = () => undefined,
) {
  const ran: RunningJob[] = [];
  const handler: JobHandler = {
    kind,
    async run(job) {
      ran.push(job);
      return outcome(job);
    },
  };
  return { handler, ran };
}

describeEachDialect('job runner', (t) => {
  let runners: JobRunner[] = [];
  beforeEach(async () => {
    await t().db.deleteFrom('jobs').execute();
    runners = [];
  });
  afterEach(async () => {
    await Promise.all(runners.map((r) => r.stop(1000)));
  });

  function runner(handlers: JobHandler[], now: () => Date, extra: { pollMs?: number } = {}): JobRunner {
    const r = createJobRunner({ db: t().db, logger, now, handlers, periodic: false, ...extra });
    runners.push(r);
    return r;
  }

  it('runs a due job once with its payload and removes it; a job due later waits', async () => {
    const c = clock();
    const { handler, ran } = recorder('test.echo');
    await enqueueJob(t().db, { kind: 'test.echo', payload: { n: 1 }, runAt: T0 });
    await enqueueJob(t().db, {
      kind: 'test.echo',
      payload: { n: 2 },
      runAt: new Date(T0.getTime() + 60_000),
    });
    const r = runner([handler], c.now);
    expect(await r.drain()).toBe(1);
    expect(ran.map((j) => j.payload)).toEqual([{ n: 1 }]);
    expect(ran[0]?.attempts).toBe(1);
    c.advance(60_000);
    expect(await r.drain()).toBe(1);
    expect(ran.map((j) => j.payload)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await countPendingJobs(t().db)).toEqual({});
  });

  it('leaves other kinds alone', async () => {
    const { handler, ran } = recorder('test.mine');
    await enqueueJob(t().db, { kind: 'test.theirs', runAt: T0 });
    expect(await runner([handler], clock().now).drain()).toBe(0);
    expect(ran).toHaveLength(0);
    expect(await countPendingJobs(t().db)).toEqual({ 'test.theirs': 1 });
  });

  it('retries a throwing job with backoff from 30 s, then gives it up after its attempts', async () => {
    const c = clock();
    const handler: JobHandler = {
      kind: 'test.flaky',
      maxAttempts: 3,
      async run() {
        throw new Error('receiver down');
      },
    };
    await enqueueJob(t().db, { kind: 'test.flaky', runAt: T0 });
    const r = createJobRunner({
      db: t().db,
      logger,
      now: c.now,
      handlers: [handler],
      periodic: false,
      random: () => 0,
    });
    runners.push(r);
    expect(await r.drain()).toBe(1);
    let row = await t().db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBe('receiver down');
    expect(row.run_at.getTime() - T0.getTime()).toBe(15_000);
    c.advance(15_000);
    expect(await r.drain()).toBe(1);
    row = await t().db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row.run_at.getTime() - c.now().getTime()).toBe(30_000);
    c.advance(30_000);
    expect(await r.drain()).toBe(1);
    row = await t().db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row.attempts).toBe(3);
    expect(row.done_at).not.toBeNull();
    c.advance(24 * 60 * 60 * 1000);
    expect(await r.drain()).toBe(0);
  });

  it('honours a retry time the handler asks for, and keeps a permanent failure with its reason', async () => {
    const c = clock();
    const retryAt = new Date(T0.getTime() + 1000);
    const { handler } = recorder('test.retry', (job) =>
      job.attempts === 1 ? { retryAt, error: '503 Retry-After: 1' } : { failed: '410 Gone' },
    );
    await enqueueJob(t().db, { kind: 'test.retry', runAt: T0 });
    const r = runner([handler], c.now);
    await r.drain();
    let row = await t().db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row.run_at).toEqual(retryAt);
    expect(row.last_error).toBe('503 Retry-After: 1');
    c.advance(1000);
    await r.drain();
    row = await t().db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row.done_at).not.toBeNull();
    expect(row.last_error).toBe('410 Gone');
  });

  it('runs no more jobs of a kind at once than its concurrency', async () => {
    let active = 0;
    let peak = 0;
    const handler: JobHandler = {
      kind: 'test.slow',
      concurrency: 2,
      async run() {
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 20));
        active--;
        return undefined;
      },
    };
    for (let i = 0; i < 7; i++) await enqueueJob(t().db, { kind: 'test.slow', runAt: T0 });
    expect(await runner([handler], clock().now).drain()).toBe(7);
    expect(peak).toBe(2);
  });

  it('runs a periodic job once per period, however many runners and polls, making up the last one', async () => {
    const c = clock();
    const { handler, ran } = recorder('test.daily');
    const daily: JobHandler = { ...handler, every: { ms: 24 * 60 * 60 * 1000, jitterMs: 60_000 } };
    const a = createJobRunner({ db: t().db, logger, now: c.now, handlers: [daily] });
    const b = createJobRunner({ db: t().db, logger, now: c.now, handlers: [daily] });
    runners.push(a, b);
    c.advance(60_000);
    const today = Math.floor(T0.getTime() / 86_400_000);
    await Promise.all([a.drain(), b.drain()]);
    await Promise.all([a.drain(), b.drain()]);
    // A fresh queue has no record of yesterday's run: it is made up once, then today's runs.
    expect(ran.map((job) => job.dedupeKey)).toEqual([`test.daily@${today - 1}`, `test.daily@${today}`]);
    c.advance(24 * 60 * 60 * 1000);
    await Promise.all([a.drain(), b.drain()]);
    expect(ran.map((job) => job.dedupeKey).slice(2)).toEqual([`test.daily@${today + 1}`]);
  });

  it('wakes a started runner at once when the signal is raised', async () => {
    const signal = createJobSignal();
    let resolveRan: () => void = () => {};
    const ranOnce = new Promise<void>((resolve) => {
      resolveRan = resolve;
    });
    const handler: JobHandler = {
      kind: 'test.woken',
      async run() {
        resolveRan();
        return undefined;
      },
    };
    const r = createJobRunner({
      db: t().db,
      logger,
      now: () => new Date(),
      handlers: [handler],
      signal,
      periodic: false,
      pollMs: 3_600_000,
    });
    runners.push(r);
    r.start();
    // The first poll happens at start; give it the chance to find nothing, then enqueue and wake.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await enqueueJob(t().db, { kind: 'test.woken', runAt: new Date() });
    signal.wake();
    await ranOnce;
  });

  it('hands running jobs back on stop after the grace period, due at once for another worker', async () => {
    const c = clock();
    let aborted = false;
    const handler: JobHandler = {
      kind: 'test.stuck',
      run: (job) =>
        new Promise<JobOutcome>((_, reject) => {
          job.signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
    };
    await enqueueJob(t().db, { kind: 'test.stuck', runAt: T0 });
    const r = createJobRunner({ db: t().db, logger, now: c.now, handlers: [handler], periodic: false });
    r.start();
    while (
      (await t().db.selectFrom('jobs').select('lock_token').executeTakeFirstOrThrow()).lock_token === null
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await r.stop(50);
    expect(aborted).toBe(true);
    const row = await t().db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row.lock_token).toBeNull();
    expect(row.done_at).toBeNull();
    const { handler: other, ran } = recorder('test.stuck');
    expect(await runner([other], c.now).drain()).toBe(1);
    expect(ran).toHaveLength(1);
  });

  it('lets only the current lease holder finish a job', async () => {
    const c = clock();
    const stale: RunningJob[] = [];
    const slow: JobHandler = {
      kind: 'test.lease',
      leaseMs: 1000,
      async run(job) {
        stale.push(job);
        return undefined;
      },
    };
    await enqueueJob(t().db, { kind: 'test.lease', runAt: T0 });
    const { claimJobs } = await import('../../../server/db/queries/jobs.js');
    const [first] = await claimJobs(t().db, [{ kind: 'test.lease', limit: 1 }], c.now(), 1000);
    expect(first).toBeDefined();
    // The first worker vanished; its lease ends and another worker takes the job.
    c.advance(1001);
    expect(await runner([slow], c.now).drain()).toBe(1);
    expect(stale[0]?.attempts).toBe(2);
    // The first worker wakes up late: its token no longer finishes anything.
    if (first) expect(await finishJob(t().db, first, c.now())).toBe(false);
  });
});

describeEachDialect('job runners sharing one database', (t) => {
  it('run each of 300 jobs exactly once between two workers on two connections', async () => {
    const db = t().db;
    await db.deleteFrom('jobs').execute();
    // On PostgreSQL the second worker has its own pool, as another replica would; PGlite has one
    // connection per process, so there both workers share it.
    const second = t().url ? await openDatabase({ kind: 'postgres', url: t().url ?? '', poolSize: 4 }) : null;
    const runs = new Map<number, number>();
    const byWorker = { a: 0, b: 0 };
    const handler = (worker: 'a' | 'b'): JobHandler => ({
      kind: 'test.shared',
      concurrency: 8,
      async run(job) {
        const n = payloadNumber(job.payload);
        runs.set(n, (runs.get(n) ?? 0) + 1);
        byWorker[worker]++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        return undefined;
      },
    });
    for (let n = 0; n < 300; n++) await enqueueJob(db, { kind: 'test.shared', payload: { n }, runAt: T0 });
    const now = () => new Date(T0.getTime() + 1000);
    const a = createJobRunner({ db, logger, now, handlers: [handler('a')], periodic: false });
    const b = createJobRunner({
      db: second?.db ?? db,
      logger,
      now,
      handlers: [handler('b')],
      periodic: false,
    });
    await Promise.all([a.drain(), b.drain()]);
    await second?.close();
    expect(runs.size).toBe(300);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect(byWorker.a + byWorker.b).toBe(300);
    if (second) expect(Math.min(byWorker.a, byWorker.b)).toBeGreaterThan(0);
  });
});
