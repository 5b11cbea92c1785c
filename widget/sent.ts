/**
 * Reports a reader sent on a site, remembered in the page's localStorage for 30 days, so a later
 * page view can ask what became of them (docs/contract.md, "Readers told"). Two keys per site: the reports,
 * and when to ask next, which is all the loader reads on a page view.
 */
import { STATUS_IDS_MAX } from '../contract/report.js';
import { prop } from './json.js';

/** Prefix of the key holding a site's remembered reports (JSON). */
export const SENT_PREFIX = 'misprint:sent:';
/** Prefix of the key holding when to ask about a site's reports next (ms since the epoch). */
export const ASK_PREFIX = 'misprint:ask:';
/** Reports are remembered this long: a typo not fixed within a month is not worth a toast. */
export const SENT_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** A site is asked about at most this often. */
export const ASK_EVERY_MS = 10 * 60 * 1000;

/** One remembered report: what the toast names. */
export interface Sent {
  id: string;
  /** The reported text. */
  exact: string;
  /** The reader's correction, when they gave one. */
  fix?: string;
  /** When it was sent (ms since the epoch). */
  at: number;
}

function isSent(value: unknown): value is Sent {
  return (
    typeof prop(value, 'id') === 'string' &&
    typeof prop(value, 'exact') === 'string' &&
    typeof prop(value, 'at') === 'number'
  );
}

/** The site's remembered reports; anything unreadable reads as none. */
export function readSent(storage: Storage, site: string): Sent[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(SENT_PREFIX + site) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isSent) : [];
  } catch {
    return [];
  }
}

/**
 * Stores the site's reports (the newest STATUS_IDS_MAX: one question's worth), or removes both keys
 * when there are none, so the loader of every later page view stays silent. `askAt` sets when to
 * ask next; without it a first report makes the next page view ask.
 */
export function writeSent(storage: Storage, site: string, reports: readonly Sent[], askAt?: number): void {
  try {
    if (reports.length === 0) {
      storage.removeItem(SENT_PREFIX + site);
      storage.removeItem(ASK_PREFIX + site);
      return;
    }
    storage.setItem(SENT_PREFIX + site, JSON.stringify(reports.slice(-STATUS_IDS_MAX)));
    if (askAt !== undefined) storage.setItem(ASK_PREFIX + site, String(askAt));
    else if (storage.getItem(ASK_PREFIX + site) === null) storage.setItem(ASK_PREFIX + site, '0');
  } catch {
    // Storage full or blocked: the reader is simply not told.
  }
}

/** Remembers one sent report (replacing one with the same id). */
export function remember(storage: Storage, site: string, report: Sent): void {
  writeSent(storage, site, [...readSent(storage, site).filter((r) => r.id !== report.id), report]);
}
