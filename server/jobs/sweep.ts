import { sweepFinishedJobs } from '../db/queries/jobs.js';
import type { JobDeps } from './deps.js';
import type { JobHandler } from './types.js';

/** How long finished jobs (done periods, failures) stay for inspection. */
export const FINISHED_JOBS_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

/** Hourly: deletes finished jobs older than {@link FINISHED_JOBS_KEPT_MS}. */
export function sweepJobsHandler(deps: JobDeps): JobHandler {
  return {
    kind: 'jobs.sweep',
    concurrency: 1,
    every: { ms: 60 * 60 * 1000, jitterMs: 5 * 60 * 1000 },
    async run() {
      const swept = await sweepFinishedJobs(deps.db, new Date(deps.now().getTime() - FINISHED_JOBS_KEPT_MS));
      if (swept > 0) deps.logger.debug('swept finished jobs', { swept });
      return undefined;
    },
  };
}
