import type { Kysely } from 'kysely';
import { findGroupReport, recordSpelling } from '../db/queries/triage.js';
import type { Database } from '../db/schema.js';
import type { GroupCreatedStep } from '../jobs/group-created.js';
import type { SpellChecker } from './checker.js';

/**
 * The `group.created` step that checks a typo's selection against the dictionary of its
 * language and stores the verdict on the group. Other kinds and languages keep `spelling` null.
 * Idempotent: a retry stores the same verdict.
 */
export function spellingStep(db: Kysely<Database>, checker: SpellChecker): GroupCreatedStep {
  return {
    name: 'spelling',
    async run(group, signal) {
      const report = await findGroupReport(db, group.reportId);
      if (report?.kind !== 'typo') return;
      const spelling = await checker.check(report.lang, report.exact, signal);
      if (spelling) await recordSpelling(db, group, spelling);
    },
  };
}
