import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RecheckResult } from '../../contract/api.js';
import { publicOrigin } from '../bootstrap.js';
import type { Config } from '../config.js';
import {
  listOpenGroups,
  type OpenGroup,
  recordPageCheck,
  siteOriginsById,
  takeFetchSlot,
} from '../db/queries/recheck.js';
import { recordStatusChange } from '../db/queries/reports.js';
import type { Database } from '../db/schema.js';
import { pageOf } from '../ingest/group-key.js';
import { normaliseOrigin } from '../services/origins.js';
import { VERSION } from '../version.js';
import { fetchPage } from './fetch-page.js';
import { pageText } from './page-text.js';
import { judgeQuote } from './verdict.js';

/** Pages of one site fetched at most per second, across the route, the schedule and every replica. */
export const PAGE_INTERVAL_MS = 1000;
/** The note on a group the re-check closed. */
export const FIXED_NOTE = 'no longer on the page';

/** What a re-check is built from. */
export interface RecheckDeps {
  readonly db: Kysely<Database>;
  readonly config: Config;
  /** The clock recorded on checks and status changes (pacing waits in real time). */
  readonly now: () => Date;
}

/** Which pages, and how many at most. */
export interface RecheckOptions {
  /** Only this page (a CMS that just published it); otherwise every page with open groups. */
  url?: string;
  /** Pages fetched at most; the least recently checked come first. */
  maxPages?: number;
  signal?: AbortSignal;
  /** Spacing of fetches per site (tests of the pacing itself may shorten it). */
  pageIntervalMs?: number;
}

/** The User-Agent of every re-check fetch: who we are and where to read about it. */
export function recheckUserAgent(config: Config): string {
  return `Misprint/${VERSION} (+${publicOrigin(config)})`;
}

/** Waits until `at` in real time, or rejects when `signal` aborts. */
function sleepUntil(at: Date, signal?: AbortSignal): Promise<void> {
  const ms = at.getTime() - Date.now();
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Open groups by the page they are on, in the order of their least recently checked group. */
function byPage(groups: readonly OpenGroup[], only: string | null): Map<string, OpenGroup[]> {
  const pages = new Map<string, OpenGroup[]>();
  for (const group of groups) {
    if (!URL.canParse(group.url)) continue;
    const page = pageOf(group.url);
    if (only !== null && page !== only) continue;
    const list = pages.get(page);
    if (list) list.push(group);
    else pages.set(page, [group]);
  }
  return pages;
}

/**
 * Re-checks a site's open groups against their live pages: each page fetched once (see
 * fetch-page.ts for the limits), its text read with a real parser, each quote judged. A group
 * whose typo left its context is marked fixed by the system (the ordinary status change, so it is
 * recorded in history); every judged group records when and with what result. An unreachable page
 * changes nothing. Answers counts of groups.
 */
export async function recheckSite(
  deps: RecheckDeps,
  siteId: string,
  options: RecheckOptions = {},
): Promise<RecheckResult> {
  const result: RecheckResult = { checked: 0, fixed: 0, stillThere: 0, changed: 0, unreachable: 0 };
  const origins = await siteOriginsById(deps.db, siteId);
  if (!origins) return result;
  const allowedOrigins = new Set(origins.map(normaliseOrigin).filter((o): o is string => o !== null));
  const only = options.url !== undefined && URL.canParse(options.url) ? pageOf(options.url) : null;
  if (options.url !== undefined && only === null) return result;
  const path = only === null ? undefined : only.split('?', 1)[0];
  const pages = [...byPage(await listOpenGroups(deps.db, siteId, path), only)].slice(0, options.maxPages);
  const interval = options.pageIntervalMs ?? PAGE_INTERVAL_MS;
  const userAgent = recheckUserAgent(deps.config);

  for (const [page, groups] of pages) {
    options.signal?.throwIfAborted();
    result.checked += groups.length;
    await sleepUntil(await takeFetchSlot(deps.db, siteId, new Date(), interval), options.signal);
    const fetched = await fetchPage(page, {
      allowedOrigins,
      allowPrivate: deps.config.fetchAllowPrivate,
      userAgent,
      signal: options.signal,
    });
    if (!fetched.ok) {
      result.unreachable += groups.length;
      continue;
    }
    const text = pageText(fetched.html);
    const at = deps.now();
    const found = { still_there: [] as string[], fixed: [] as string[], page_changed: [] as string[] };
    for (const group of groups) {
      const verdict = judgeQuote(text, group);
      if (verdict === 'fixed') {
        const moved = await recordStatusChange(deps.db, {
          siteId,
          reportId: group.reportId,
          group: true,
          actorId: null,
          // The system's own action: recorded like any other, undone by nobody (undo is per user).
          action: randomUUID(),
          from: 'new',
          to: 'fixed',
          note: FIXED_NOTE,
          at,
        });
        // An editor moved the group meanwhile: their decision stands, and nothing is recorded.
        if (moved === 0) continue;
      }
      found[verdict].push(group.groupKey);
    }
    for (const [verdict, keys] of [
      ['still_there', found.still_there],
      ['fixed', found.fixed],
      ['page_changed', found.page_changed],
    ] as const) {
      await recordPageCheck(deps.db, { siteId, groupKeys: keys, result: verdict, at });
    }
    result.fixed += found.fixed.length;
    result.stillThere += found.still_there.length;
    result.changed += found.page_changed.length;
    result.checked -=
      groups.length - found.fixed.length - found.still_there.length - found.page_changed.length;
  }
  return result;
}
