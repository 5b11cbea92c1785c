/**
 * Reports that could not be sent yet (offline, server unavailable), kept in the host page's
 * localStorage and retried with exponential backoff. The report's `id` makes every retry
 * idempotent, so two tabs flushing the same queue store it once.
 */
import type { ReportInput } from '../contract/report.js';
import { prop } from './json.js';

/** The localStorage key; the loader checks it once the page is idle and only then loads the chunk. */
export const QUEUE_KEY = 'misprint:queue';
/** Reports kept at most; the oldest go first (a reader offline for days is not a reason to grow). */
export const QUEUE_MAX = 30;
/** First retry after this many milliseconds, doubling per attempt... */
export const BACKOFF_BASE_MS = 5_000;
/** ...up to an hour. */
export const BACKOFF_MAX_MS = 60 * 60 * 1000;
/** A report still unsent after a week is dropped: the page has likely changed. */
export const QUEUE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** One queued report with its endpoint and retry state. */
export interface Queued {
  endpoint: string;
  report: ReportInput;
  attempts: number;
  /** When to try next (ms since the epoch). */
  due: number;
  created: number;
}

/** Delay before retry number `attempts + 1`: 5 s, 10 s, 20 s, ... capped at an hour. */
export function backoff(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts), BACKOFF_MAX_MS);
}

/** The page's localStorage, or null where it is blocked (sandboxed frames, some privacy modes). */
export function pageStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function isQueued(value: unknown): value is Queued {
  return (
    typeof prop(prop(value, 'report'), 'id') === 'string' &&
    typeof prop(value, 'endpoint') === 'string' &&
    typeof prop(value, 'due') === 'number'
  );
}

/** The queue as stored; anything unreadable (another script's data, a full disk) reads as empty. */
export function readQueue(storage: Storage): Queued[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(QUEUE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isQueued) : [];
  } catch {
    return [];
  }
}

/** Stores the queue, removing the key when it is empty so the next page load stays silent. */
export function writeQueue(storage: Storage, items: readonly Queued[]): boolean {
  try {
    if (items.length === 0) storage.removeItem(QUEUE_KEY);
    else storage.setItem(QUEUE_KEY, JSON.stringify(items.slice(-QUEUE_MAX)));
    return true;
  } catch {
    return false;
  }
}

/** Adds a report (replacing one with the same id); false when storage is unavailable. */
export function enqueue(
  storage: Storage,
  endpoint: string,
  report: ReportInput,
  now: number,
  retryAfter: number | null = null,
): boolean {
  const items = readQueue(storage).filter((item) => item.report.id !== report.id);
  const due = now + Math.max(backoff(0), (retryAfter ?? 0) * 1000);
  items.push({ endpoint, report, attempts: 0, due, created: now });
  return writeQueue(storage, items);
}
