/** Deferring the loader's own work (the offline queue check) until the host page is idle. */

/** Longest wait for an idle moment, in ms: on a page that is never idle the queue still goes out. */
export const IDLE_TIMEOUT_MS = 2000;

/**
 * Runs `task` once the browser is idle, at the latest after IDLE_TIMEOUT_MS, so a page load pays
 * only for the loader's listeners. Where requestIdleCallback is missing (Safari), after the timeout.
 */
export function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(task, IDLE_TIMEOUT_MS);
}
