/**
 * What a failed attempt leads to (DESIGN "Delivery"): a timeout, a network error, 408, 429 or a 5xx
 * is retried with the jobs' backoff (from 30 s, doubling, to 6 h, with jitter), or after the
 * receiver's Retry-After when it gives one, shorter or longer; any other answer fails at once. No
 * retry is scheduled past 24 hours after the event: the delivery fails then.
 */
import { BACKOFF_MAX_MS, backoffDelay } from '../jobs/backoff.js';

/** How long a delivery is retried after its event. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** A channel whose every attempt failed for this long is paused. */
export const PAUSE_AFTER_MS = 24 * 60 * 60 * 1000;

/** An attempt's result, as far as retrying cares. */
export interface AttemptResult {
  status: number | null;
  retryAfterMs: number | null;
}

/** Retry at `at`, or give up (with why). */
export type RetryDecision = { retryAt: Date } | { giveUp: string };

/** Whether an answer (or its absence) is worth another attempt. */
export function isRetryable(status: number | null): boolean {
  return status === null || status === 408 || status === 429 || status >= 500;
}

/** When to try again after the `attempt`-th failure of a delivery created at `createdAt`. */
export function nextAttempt(
  result: AttemptResult,
  attempt: number,
  createdAt: Date,
  now: Date,
  random: () => number = Math.random,
): RetryDecision {
  if (!isRetryable(result.status)) return { giveUp: 'the receiver refused the message; it is not retried' };
  const delay =
    result.retryAfterMs !== null
      ? Math.min(result.retryAfterMs, BACKOFF_MAX_MS)
      : backoffDelay(attempt, random);
  const at = new Date(now.getTime() + delay);
  if (at.getTime() > createdAt.getTime() + RETRY_WINDOW_MS) {
    return { giveUp: 'still failing 24 hours after the event; given up' };
  }
  return { retryAt: at };
}
