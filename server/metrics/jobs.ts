import type { JobHandler } from '../jobs/types.js';
import type { Metrics } from './metrics.js';

/**
 * The handlers with each attempt's outcome counted by kind: `done`, `retry` (the handler asked to
 * run again later, as a delivery does after a 5xx), `failed` (it gave up for good) or `error` (it
 * threw; the runner retries or gives up by its attempt limit).
 */
export function countJobOutcomes(handlers: readonly JobHandler[], metrics: Metrics): JobHandler[] {
  return handlers.map((handler) => ({
    ...handler,
    async run(job) {
      try {
        const outcome = await handler.run(job);
        const label = outcome === undefined ? 'done' : 'retryAt' in outcome ? 'retry' : 'failed';
        metrics.jobAttempts.inc({ kind: handler.kind, outcome: label });
        return outcome;
      } catch (error) {
        metrics.jobAttempts.inc({ kind: handler.kind, outcome: 'error' });
        throw error;
      }
    },
  }));
}
