import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type ClaimedJob,
  claimJobs,
  enqueueJob,
  extendJobLease,
  finishJob,
  releaseJob,
  rescheduleJob,
} from '../db/queries/jobs.js';
import type { Database } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { backoffDelay } from './backoff.js';
import type { JobSignal } from './signal.js';
import type { JobHandler, JobOutcome } from './types.js';

/** Jobs of one kind a process runs at once unless its handler says otherwise. */
export const DEFAULT_CONCURRENCY = 4;
/** Lease of a claim unless the handler says otherwise; extended while the handler runs. */
export const DEFAULT_LEASE_MS = 60_000;
/** Attempts of a throwing job before it is given up, unless the handler says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 10;
/** How often an idle runner looks for due jobs (a wake from this process is immediate). */
export const DEFAULT_POLL_MS = 1000;
/** Longest pause between polls while the database keeps failing. */
const MAX_POLL_BACKOFF_MS = 30_000;
/** After the grace period, how long aborted jobs get to settle before they are released. */
const ABORT_SETTLE_MS = 1000;

/** What a runner is built from. */
export interface JobRunnerOptions {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly handlers: readonly JobHandler[];
  /** Wakes the runner when this process enqueued something. */
  readonly signal?: JobSignal;
  readonly pollMs?: number;
  /** Enqueue the periodic handlers' jobs (default true; tests that drive one kind turn it off). */
  readonly periodic?: boolean;
  readonly random?: () => number;
}

/** One process's worker over the `jobs` table. */
export interface JobRunner {
  /** Starts polling (and listening to the signal). */
  start(): void;
  /**
   * Runs due jobs until none is due and none is running; resolves with how many ran. For tests and
   * one-shot commands: deterministic, no timers involved beyond the handlers' own.
   */
  drain(): Promise<number>;
  /**
   * Stops claiming, lets running jobs finish for up to `graceMs`, then aborts the rest and hands
   * them back (due at once) so another replica takes them without waiting for their lease.
   */
  stop(graceMs: number): Promise<void>;
}

/** A fraction in [0, 1) fixed by `key`, so every replica picks the same jitter for a period. */
function stableFraction(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Running {
  readonly job: ClaimedJob;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

/**
 * Creates the job runner of one process. Each poll claims, per kind, as many due jobs as the kind
 * has free slots (`claimJobs`: `FOR UPDATE SKIP LOCKED` under a lease), so any number of replicas
 * share the queue and each job runs once; a job whose worker died is claimed again when its lease
 * ends, so every job runs at least once. Finishing and rescheduling need the claim's lock token: a
 * worker that lost its lease cannot finish someone else's claim.
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, logger, now } = options;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const random = options.random ?? Math.random;
  const handlers = new Map(options.handlers.map((h) => [h.kind, h]));
  const running = new Map<number, Running>();
  const busy = new Map<string, number>();
  const ensuredPeriod = new Map<string, number>();
  let started = false;
  let stopping = false;
  let polling: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let unlisten: (() => void) | undefined;

  /**
   * Makes sure this period's job of every periodic handler exists, and the previous period's: a
   * period that passed while no replica ran is made up once, late, rather than skipped. The dedupe
   * key makes both inserts no-ops for every replica but the first.
   */
  async function ensurePeriodicJobs(at: Date): Promise<void> {
    if (options.periodic === false) return;
    for (const handler of handlers.values()) {
      if (!handler.every) continue;
      const index = Math.floor(at.getTime() / handler.every.ms);
      if (ensuredPeriod.get(handler.kind) === index) continue;
      for (const period of [index - 1, index]) {
        const key = `${handler.kind}@${period}`;
        const jitter = Math.floor(stableFraction(key) * (handler.every.jitterMs ?? 0));
        await enqueueJob(db, {
          kind: handler.kind,
          runAt: new Date(period * handler.every.ms + jitter),
          dedupeKey: key,
        });
      }
      ensuredPeriod.set(handler.kind, index);
    }
  }

  async function settle(handler: JobHandler, job: ClaimedJob, outcome: JobOutcome): Promise<void> {
    if (outcome === undefined) {
      if (await finishJob(db, job, now())) {
        logger.debug('job done', { kind: job.kind, id: job.id, key: job.dedupeKey, attempts: job.attempts });
      }
    } else if ('retryAt' in outcome) {
      await rescheduleJob(db, job, outcome.retryAt, outcome.error);
    } else {
      logger.warn('job failed for good', { kind: handler.kind, id: job.id, error: outcome.failed });
      await finishJob(db, job, now(), outcome.failed);
    }
  }

  async function execute(handler: JobHandler, job: ClaimedJob, controller: AbortController): Promise<void> {
    const leaseMs = handler.leaseMs ?? DEFAULT_LEASE_MS;
    const heartbeat = setInterval(() => {
      extendJobLease(db, job, new Date(now().getTime() + leaseMs)).then(
        (held) => {
          if (!held) controller.abort(new Error('the job lease was lost'));
        },
        () => {},
      );
    }, leaseMs / 3);
    try {
      const outcome = await handler.run({ ...job, signal: controller.signal });
      await settle(handler, job, outcome);
    } catch (error) {
      if (stopping && controller.signal.aborted) {
        await releaseJob(db, job);
        return;
      }
      const maxAttempts = handler.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      if (job.attempts >= maxAttempts) {
        logger.warn('job failed for good', {
          kind: handler.kind,
          id: job.id,
          attempts: job.attempts,
          error: messageOf(error),
        });
        await finishJob(db, job, now(), messageOf(error));
      } else {
        logger.warn('job failed; will retry', {
          kind: handler.kind,
          id: job.id,
          attempts: job.attempts,
          error: messageOf(error),
        });
        await rescheduleJob(
          db,
          job,
          new Date(now().getTime() + backoffDelay(job.attempts, random)),
          messageOf(error),
        );
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  function launch(job: ClaimedJob): void {
    const handler = handlers.get(job.kind);
    if (!handler) return;
    const controller = new AbortController();
    busy.set(job.kind, (busy.get(job.kind) ?? 0) + 1);
    const done = execute(handler, job, controller)
      .catch((error: unknown) => {
        // The database failed while recording the outcome: the lease ends and the job runs again.
        logger.warn('could not record a job outcome', {
          kind: job.kind,
          id: job.id,
          error: messageOf(error),
        });
      })
      .finally(() => {
        running.delete(job.id);
        busy.set(job.kind, (busy.get(job.kind) ?? 1) - 1);
        if (started && !stopping) schedule(0);
      });
    running.set(job.id, { job, controller, done });
  }

  async function pollOnce(): Promise<number> {
    const at = now();
    await ensurePeriodicJobs(at);
    const requests = [...handlers.values()].map((h) => ({
      kind: h.kind,
      limit: (h.concurrency ?? DEFAULT_CONCURRENCY) - (busy.get(h.kind) ?? 0),
      leaseMs: h.leaseMs ?? DEFAULT_LEASE_MS,
    }));
    const claimed = await claimJobs(db, requests, at, DEFAULT_LEASE_MS);
    for (const job of claimed) launch(job);
    return claimed.length;
  }

  /** One poll at a time; a wake during a poll asks for another right after it. */
  function poll(): Promise<number> {
    if (polling) {
      again = true;
      return polling;
    }
    polling = pollOnce().finally(() => {
      polling = null;
    });
    return polling;
  }

  function schedule(delayMs: number): void {
    if (!started || stopping) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      poll().then(
        (claimed) => {
          failures = 0;
          const more = again || claimed > 0;
          again = false;
          schedule(more ? 0 : pollMs);
        },
        (error: unknown) => {
          failures++;
          if (failures === 1) logger.warn('job poll failed', { error: messageOf(error) });
          schedule(Math.min(MAX_POLL_BACKOFF_MS, pollMs * 2 ** failures));
        },
      );
    }, delayMs);
  }

  return {
    start() {
      if (started) return;
      started = true;
      unlisten = options.signal?.listen(() => {
        if (polling) again = true;
        else schedule(0);
      });
      schedule(0);
    },

    async drain() {
      let ran = 0;
      for (;;) {
        const claimed = await poll();
        ran += claimed;
        if (running.size > 0) {
          await Promise.all([...running.values()].map((r) => r.done));
          continue;
        }
        if (claimed === 0) return ran;
      }
    },

    async stop(graceMs) {
      stopping = true;
      clearTimeout(timer);
      unlisten?.();
      await polling?.catch(() => 0);
      const all = () => Promise.all([...running.values()].map((r) => r.done));
      let graceTimer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'late'>((resolve) => {
        graceTimer = setTimeout(() => resolve('late'), graceMs);
      });
      const result = await Promise.race([all().then(() => 'done' as const), graceOver]);
      clearTimeout(graceTimer);
      if (result === 'done') return;
      logger.warn('jobs still running after the grace period; handing them back', { jobs: running.size });
      for (const r of running.values()) r.controller.abort(new Error('the server is stopping'));
      let settleTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        all(),
        new Promise((resolve) => {
          settleTimer = setTimeout(resolve, ABORT_SETTLE_MS);
        }),
      ]);
      clearTimeout(settleTimer);
      await Promise.all([...running.values()].map((r) => releaseJob(db, r.job).catch(() => {})));
    },
  };
}
