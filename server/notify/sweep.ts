import { sweepDeliveries } from '../db/queries/deliveries.js';
import type { JobDeps } from '../jobs/deps.js';
import type { JobHandler } from '../jobs/types.js';

/** How long the delivery log keeps a settled message (delivered or failed). */
export const DELIVERIES_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

/** Daily: deletes settled deliveries older than {@link DELIVERIES_KEPT_MS}, so the log stays bounded. */
export function sweepDeliveriesHandler(deps: JobDeps): JobHandler {
  return {
    kind: 'deliveries.sweep',
    concurrency: 1,
    every: { ms: 24 * 60 * 60 * 1000, jitterMs: 60 * 60 * 1000 },
    async run() {
      const swept = await sweepDeliveries(deps.db, new Date(deps.now().getTime() - DELIVERIES_KEPT_MS));
      if (swept > 0) deps.logger.debug('swept old deliveries', { swept });
      return undefined;
    },
  };
}
