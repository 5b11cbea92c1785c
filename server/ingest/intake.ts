import type { Kysely } from 'kysely';
import { DEFAULT_SITE_SETTINGS } from '../../contract/api.js';
import type { ReportAccepted } from '../../contract/report.js';
import type { Database } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { DenyCache } from './deny-cache.js';
import { groupKey } from './group-key.js';
import { createReportStore, type ReportStoreOptions } from './report-store.js';
import type { ValidReport } from './schema.js';
import { MINUTE_MS, SiteBudget } from './site-budget.js';
import type { IngestSite } from './site-cache.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A stored (or replayed) report's answer. */
export interface Intake {
  body: ReportAccepted;
  /** True when the id was stored before: answer 200 instead of 201. */
  replayed: boolean;
  /** The report started a new group, whose job now waits for this process's runner. */
  groupCreated: boolean;
}

/**
 * Rate-limits and stores reports: at most one database round trip per report (concurrent reports
 * share one, see report-store.ts), none for a refusal from memory.
 */
export interface ReportIntake {
  submit(
    site: IngestSite,
    report: ValidReport,
    clientHash: string,
    now: Date,
    reader?: ReaderFacts,
  ): Promise<Intake>;
}

/** What ingest knows of the reader beyond the client hash (triage help, migrations/0011). */
export interface ReaderFacts {
  /** Stored beside the client hash for 48 hours so the reader can be blocked. */
  tag: string;
  /** The reader is blocked: the report is stored as spam and not announced. */
  blocked: boolean;
  /** The browser sent `Origin: null`: the report is stored marked, within the site's null-origin budget. */
  originNull?: boolean;
}

/** The largest PostgreSQL `integer`, the type the database function takes limits as. */
const MAX_INT = 2_147_483_647;

/** A stored limit as a whole number the database accepts; settings are JSON, so a non-number gets the default. */
function limit(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.min(MAX_INT, Math.max(0, Math.floor(value)))
    : fallback;
}

/** PostgreSQL's foreign_key_violation: the report's site row is gone. */
function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === '23503';
}

/** 429 with the seconds until `retryAt` (at least one) in Retry-After. */
function rateLimited(retryAt: number, nowMs: number, message: string): ApiError {
  const seconds = Math.max(1, Math.ceil((retryAt - nowMs) / 1000));
  return new ApiError('rate_limited', message, { headers: { 'Retry-After': String(seconds) } });
}

/**
 * Creates the intake of one process. Limits: per client and site, exact in the database (see
 * migrations/0002_ingest.ts) and remembered in a {@link DenyCache} once refused; per site, through
 * the {@link SiteBudget} leases. Honeypot reports never get here.
 */
export function createReportIntake(db: Kysely<Database>, storeOptions?: ReportStoreOptions): ReportIntake {
  const denied = new DenyCache();
  const budget = new SiteBudget();
  const reports = createReportStore(db, storeOptions);

  return {
    async submit(site, report, clientHash, now, reader) {
      const nowMs = now.getTime();
      const limits = site.settings.rateLimits;
      const clientPerMinute = limit(limits.clientPerMinute, DEFAULT_SITE_SETTINGS.rateLimits.clientPerMinute);
      const clientPerDay = limit(limits.clientPerDay, DEFAULT_SITE_SETTINGS.rateLimits.clientPerDay);
      const sitePerMinute = limit(limits.sitePerMinute, DEFAULT_SITE_SETTINGS.rateLimits.sitePerMinute);
      const nullOriginPerMinute = limit(
        limits.nullOriginPerMinute,
        DEFAULT_SITE_SETTINGS.rateLimits.nullOriginPerMinute,
      );
      const clientKey = `${site.id}:${clientHash}`;
      const until = denied.deniedUntil(clientKey, nowMs);
      if (until !== null) throw rateLimited(until, nowMs, 'Too many reports from this client; retry later.');

      const ticket = await budget.take(site.id, sitePerMinute, nowMs);
      if (ticket.kind === 'denied') {
        throw rateLimited(ticket.retryAt, nowMs, 'Too many reports for this site; retry later.');
      }
      let use = { claimed: 0, stored: false, exhausted: false };
      try {
        const result = await reports.store({
          id: report.id,
          siteId: site.id,
          url: report.url,
          title: report.title || null,
          lang: report.lang || null,
          exact: report.quote.exact,
          prefix: report.quote.prefix,
          suffix: report.quote.suffix,
          positionStart: report.position?.start ?? null,
          positionEnd: report.position?.end ?? null,
          suggestion: report.suggestion || null,
          comment: report.comment || null,
          kind: report.kind,
          groupKey: groupKey({ siteId: site.id, url: report.url, quote: report.quote }),
          ipHash: clientHash,
          now,
          dayStart: new Date(Math.floor(nowMs / DAY_MS) * DAY_MS),
          clientPerMinute,
          clientPerDay,
          windowStart: new Date(ticket.window * MINUTE_MS),
          siteLimit: sitePerMinute,
          siteClaim: ticket.kind === 'claim' ? ticket.want : 0,
          pageAuthor: report.page?.author ?? null,
          pageSection: report.page?.section ?? null,
          pagePublishedAt: report.page?.published ?? null,
          readerTag: reader?.tag ?? null,
          status: reader?.blocked ? 'spam' : 'new',
          originNull: reader?.originNull ?? false,
          nullOriginLimit: reader?.originNull ? nullOriginPerMinute : null,
        });
        use = {
          claimed: result.claimed,
          // A replay spends the site's budget as a new report does.
          stored: result.outcome === 'inserted' || result.outcome === 'replayed',
          exhausted: result.outcome === 'site_limited',
        };
        switch (result.outcome) {
          case 'inserted':
          case 'replayed':
            return {
              body: { id: report.id, status: result.status ?? 'new', duplicates: result.duplicates },
              replayed: result.outcome === 'replayed',
              groupCreated: result.groupCreated,
            };
          case 'client_limited': {
            const retryAt = result.retryAt?.getTime() ?? nowMs + MINUTE_MS;
            denied.deny(clientKey, retryAt);
            throw rateLimited(retryAt, nowMs, 'Too many reports from this client; retry later.');
          }
          case 'null_origin_limited':
            throw rateLimited(
              result.retryAt?.getTime() ?? nowMs + MINUTE_MS,
              nowMs,
              'Too many reports from pages without an origin (Origin: null) for this site; retry later.',
            );
          case 'site_limited':
            throw rateLimited(
              (ticket.window + 1) * MINUTE_MS,
              nowMs,
              'Too many reports for this site; retry later.',
            );
          case 'foreign':
            throw new ApiError('invalid_report', 'The report is not valid.', {
              issues: [{ path: 'id', message: 'This id belongs to another report.' }],
            });
        }
      } catch (error) {
        // The site was deleted after this process cached it (at most SITE_CACHE_TTL_MS ago).
        if (isForeignKeyViolation(error)) throw new ApiError('unknown_site', 'No site has this key.');
        throw error;
      } finally {
        budget.settle(site.id, ticket, use);
      }
    },
  };
}
