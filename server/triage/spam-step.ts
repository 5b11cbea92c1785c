import type { Kysely } from 'kysely';
import { addSpamSignals, countClientPages, findGroupReport, markClientGroups } from '../db/queries/triage.js';
import type { Database } from '../db/schema.js';
import type { GroupCreatedStep } from '../jobs/group-created.js';
import { FLOOD_PAGES, reportSignals } from './spam-signals.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The `group.created` step that reads spam signals: those of the announcing report itself, and
 * flooding, which is a fact about its sender: once one client hash has reported more than
 * {@link FLOOD_PAGES} pages of the site in its day, every group it reported in that day is marked,
 * the earlier ones included. Idempotent: signals are a set.
 */
export function spamSignalsStep(db: Kysely<Database>): GroupCreatedStep {
  return {
    name: 'spam signals',
    async run(group) {
      const report = await findGroupReport(db, group.reportId);
      if (!report) return;
      await addSpamSignals(db, group, reportSignals(report));
      // The client hash is daily: its reports of the UTC day of this one are all it can have.
      const since = new Date(Math.floor(report.receivedAt.getTime() / DAY_MS) * DAY_MS);
      const pages = await countClientPages(db, { siteId: group.siteId, ipHash: report.ipHash, since });
      if (pages > FLOOD_PAGES) {
        await markClientGroups(db, { siteId: group.siteId, ipHash: report.ipHash, since, signal: 'flood' });
      }
    },
  };
}
