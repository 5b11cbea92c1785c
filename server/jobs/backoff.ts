/**
 * Exponential backoff with jitter, shared by every retrying job: 30 s after the first failure,
 * doubling, at most 6 hours (docs/contract.md, "Events and webhooks"). Full jitter over the upper
 * half keeps replicas that failed together from retrying together, without ever retrying sooner
 * than half the step.
 */

/** The first retry's delay. */
export const BACKOFF_START_MS = 30_000;
/** The longest delay between two attempts. */
export const BACKOFF_MAX_MS = 6 * 60 * 60 * 1000;

/** Delay before the attempt after `attempts` failed ones (1 → ~30 s, 2 → ~60 s, …, capped). */
export function backoffDelay(attempts: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}
