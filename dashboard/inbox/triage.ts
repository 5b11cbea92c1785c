/** Sends a triage action for cards that may belong to several sites: one request per site. */
import type { ReportItem } from '../../contract/api.js';
import type { ReportStatus } from '../../contract/report.js';
import { api } from '../api.js';

/** What a triage action changes: the status, the assignee (null: nobody), or both. */
export interface TriageChange {
  status?: ReportStatus;
  assignee?: string | null;
}

/** What came back: reports changed in all, and the action ids that undo it. */
export interface TriageOutcome {
  updated: number;
  actions: string[];
}

/**
 * One PATCH for a single card, one bulk request per site otherwise: the server checks each site's
 * role on its own, as it does for any triage, so the all-sites inbox gains no power of its own.
 */
export async function sendTriage(items: readonly ReportItem[], change: TriageChange): Promise<TriageOutcome> {
  const bySite = new Map<string, string[]>();
  for (const item of items) bySite.set(item.siteId, [...(bySite.get(item.siteId) ?? []), item.id]);
  const results = await Promise.all(
    [...bySite].map(([siteId, ids]) => {
      const [only] = ids;
      return ids.length === 1 && only !== undefined
        ? api.setStatus(only, change)
        : api.bulkStatus(siteId, { ids, ...change });
    }),
  );
  return {
    updated: results.reduce((sum, result) => sum + result.updated, 0),
    actions: results.flatMap((result) => (result.action ? [result.action] : [])),
  };
}
