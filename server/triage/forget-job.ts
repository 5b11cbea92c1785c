import { forgetReaders } from '../db/queries/triage.js';
import type { JobDeps } from '../jobs/deps.js';
import type { JobHandler } from '../jobs/types.js';
import { READER_TAG_HOURS } from './reader-tags.js';

/** Hourly: deletes reader tags past their 48 hours and blocks past their 30 days. */
export function forgetReadersHandler(deps: JobDeps): JobHandler {
  return {
    kind: 'readers.forget',
    concurrency: 1,
    every: { ms: 60 * 60 * 1000, jitterMs: 5 * 60 * 1000 },
    async run() {
      const now = deps.now();
      await forgetReaders(deps.db, new Date(now.getTime() - READER_TAG_HOURS * 3_600_000), now);
      return undefined;
    },
  };
}
