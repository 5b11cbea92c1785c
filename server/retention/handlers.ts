import { deleteExpiredPasswordResets } from '../db/queries/password-resets.js';
import {
  clearClientHashes,
  deleteClosedReports,
  deleteExpiredSessions,
  sitesWithRetention,
} from '../db/queries/retention.js';
import type { JobDeps } from '../jobs/deps.js';
import type { JobHandler } from '../jobs/types.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** How long a report keeps its client hash (docs/operations.md, "Retention"): enough for abuse handling. */
export const CLIENT_HASH_KEPT_MS = 48 * HOUR_MS;
/** Sign-in throttle windows older than this can no longer count for anything. */
const LOGIN_WINDOWS_KEPT_MS = DAY_MS;
/** Rows per statement: each batch is its own short transaction, so triage and ingest never wait long. */
const BATCH = 1000;

/**
 * Daily: each site's closed reports older than its `retentionDays` are deleted with their history,
 * in batches, and groups left empty go with them. Sites without a retention keep everything.
 */
export function reportRetentionHandler(deps: JobDeps): JobHandler {
  return {
    kind: 'retention.reports',
    concurrency: 1,
    every: { ms: DAY_MS, jitterMs: HOUR_MS },
    async run(job) {
      let deleted = 0;
      for (const site of await sitesWithRetention(deps.db)) {
        const before = new Date(deps.now().getTime() - site.days * DAY_MS);
        for (;;) {
          if (job.signal.aborted) throw new Error('stopped');
          const batch = await deleteClosedReports(deps.db, site.id, before, BATCH);
          deleted += batch;
          if (batch < BATCH) break;
        }
      }
      if (deleted > 0) deps.logger.info('retention deleted closed reports', { deleted });
      return undefined;
    },
  };
}

/**
 * Hourly: clears client hashes older than {@link CLIENT_HASH_KEPT_MS}, and deletes expired
 * sessions, spent sign-in throttle windows and expired password reset links.
 */
export function clientRetentionHandler(deps: JobDeps): JobHandler {
  return {
    kind: 'retention.clients',
    concurrency: 1,
    every: { ms: HOUR_MS, jitterMs: 10 * 60 * 1000 },
    async run(job) {
      const now = deps.now();
      let cleared = 0;
      for (;;) {
        if (job.signal.aborted) throw new Error('stopped');
        const batch = await clearClientHashes(deps.db, new Date(now.getTime() - CLIENT_HASH_KEPT_MS), BATCH);
        cleared += batch;
        if (batch < BATCH) break;
      }
      const swept = await deleteExpiredSessions(
        deps.db,
        now,
        new Date(now.getTime() - LOGIN_WINDOWS_KEPT_MS),
      );
      const resets = await deleteExpiredPasswordResets(deps.db, now);
      deps.logger.debug('retention cleared client hashes', { cleared, ...swept, resets });
      return undefined;
    },
  };
}
