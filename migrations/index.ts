import type { Migration } from 'kysely';
import * as init from './0001_init.js';
import * as ingest from './0002_ingest.js';
import * as editor from './0003_editor.js';
import * as inboxFilters from './0004_inbox_filters.js';
import * as ingestBatch from './0005_ingest_batch.js';
import * as inboxKindCounts from './0006_inbox_kind_counts.js';
import * as jobsGroups from './0007_jobs_groups.js';
import * as editorsDay from './0010_editors_day.js';
import * as triageHelp from './0011_triage_help.js';
import * as retention from './0013_retention.js';
import * as channels from './0014_channels.js';
import * as email from './0015_email.js';
import * as abuseLimits from './0016_abuse_limits.js';
import * as accountFeatures from './0017_account_features.js';

/**
 * Every migration in order. Listed by hand rather than read from the folder so that the compiled
 * server and the tests see exactly the same set, whatever the working directory.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_init': init,
  '0002_ingest': ingest,
  '0003_editor': editor,
  '0004_inbox_filters': inboxFilters,
  '0005_ingest_batch': ingestBatch,
  '0006_inbox_kind_counts': inboxKindCounts,
  '0007_jobs_groups': jobsGroups,
  '0010_editors_day': editorsDay,
  '0011_triage_help': triageHelp,
  '0013_retention': retention,
  '0014_channels': channels,
  '0015_email': email,
  '0016_abuse_limits': abuseLimits,
  '0017_account_features': accountFeatures,
});
