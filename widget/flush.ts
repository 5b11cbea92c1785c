/**
 * The queue's sender, its own small chunk (`flush`): the loader fetches it once the page is idle,
 * only when reports are waiting, on `online`, and when the dialog has queued one.
 */
import {
  BACKOFF_MAX_MS,
  backoff,
  pageStorage,
  QUEUE_TTL_MS,
  type Queued,
  readQueue,
  writeQueue,
} from './queue.js';
import { type Fetch, postReport } from './send.js';
import type { FlushChunk } from './types.js';

/** What a flush did, and when the next one is due (null: the queue is empty). */
export interface FlushResult {
  sent: number;
  dropped: number;
  left: number;
  nextDue: number | null;
}

let flushing = false;

/**
 * Sends every due report once (every report with `force`: the browser just came back online). Success and permanent refusals leave the queue; failures are
 * rescheduled. The queue is re-read before writing, since the reader may queue another report
 * (or another tab flush) while requests are in flight.
 */
export async function flushQueue(
  storage: Storage,
  now: () => number,
  options: { force?: boolean; fetcher?: Fetch } = {},
): Promise<FlushResult> {
  const result: FlushResult = { sent: 0, dropped: 0, left: 0, nextDue: null };
  if (flushing) return result;
  flushing = true;
  try {
    const done = new Set<string>();
    const retry = new Map<string, Queued>();
    for (const item of readQueue(storage)) {
      if (now() - item.created > QUEUE_TTL_MS) {
        done.add(item.report.id);
        result.dropped++;
        continue;
      }
      if (!options.force && item.due > now()) continue;
      const outcome = await postReport(item.endpoint, item.report, options.fetcher);
      if (outcome.kind === 'sent') result.sent++;
      else if (outcome.kind !== 'unavailable' && outcome.kind !== 'rate-limited') result.dropped++;
      else {
        const wait = Math.max(backoff(item.attempts + 1), (outcome.retryAfter ?? 0) * 1000);
        retry.set(item.report.id, { ...item, attempts: item.attempts + 1, due: now() + wait });
        continue;
      }
      done.add(item.report.id);
    }
    const left = readQueue(storage)
      .filter((item) => !done.has(item.report.id))
      .map((item) => retry.get(item.report.id) ?? item);
    writeQueue(storage, left);
    result.left = left.length;
    result.nextDue = left.length > 0 ? Math.min(...left.map((item) => item.due)) : null;
    return result;
  } finally {
    flushing = false;
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;

/** Sends due reports now and keeps one timer for the next due one while the page stays open. */
export const flush: FlushChunk = async function flush(force) {
  const storage = pageStorage();
  if (!storage) return;
  const { nextDue } = await flushQueue(storage, Date.now, { force });
  clearTimeout(timer);
  if (nextDue !== null)
    timer = setTimeout(() => void flush(false), Math.min(Math.max(nextDue - Date.now(), 0), BACKOFF_MAX_MS));
};
