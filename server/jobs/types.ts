import type { ClaimedJob } from '../db/queries/jobs.js';

/** What a handler asks for instead of finishing: run again at `retryAt`, keeping `error` on the row. */
export interface JobRetry {
  retryAt: Date;
  error: string;
}

/** What a handler asks for when the job can never succeed: finish it, keeping the reason. */
export interface JobFailure {
  failed: string;
}

/** How a job ended: nothing (done), a retry, or a permanent failure. */
export type JobOutcome = undefined | JobRetry | JobFailure;

/** A job as its handler sees it, with the signal that aborts it when the worker stops. */
export interface RunningJob extends ClaimedJob {
  readonly signal: AbortSignal;
}

/** A periodic job: one per period of `ms` across every replica, started `jitterMs` at most into it. */
export interface Period {
  ms: number;
  jitterMs?: number;
}

/** The code behind one kind of job. */
export interface JobHandler {
  readonly kind: string;
  /** Jobs of this kind one process runs at once (default 4). */
  readonly concurrency?: number;
  /** Lease per claim (default 60 s); the runner extends it while the handler runs. */
  readonly leaseMs?: number;
  /** Attempts before a throwing job is given up (default 10); handlers that return retries decide themselves. */
  readonly maxAttempts?: number;
  /** Makes the job periodic: the runner enqueues one per period itself (with an empty payload). */
  readonly every?: Period;
  run(job: RunningJob): Promise<JobOutcome>;
}
