/** Sending a report from the dialog: straight away, or into the offline queue when that fails. */
import type { ReportInput } from '../contract/report.js';
import { enqueue, pageStorage } from './queue.js';
import { type Fetch, type Outcome, postReport } from './send.js';

/** What the reader is told: the server's answer, or that the report waits in the queue. */
export type Delivery = Exclude<Outcome, { kind: 'unavailable' }> | { kind: 'queued' } | { kind: 'failed' };

/** Sends `report`; when the network or the server is down, queues it (`failed` if it cannot). */
export async function deliver(endpoint: string, report: ReportInput, fetcher?: Fetch): Promise<Delivery> {
  const outcome = await postReport(endpoint, report, fetcher);
  if (outcome.kind !== 'unavailable') return outcome;
  const storage = pageStorage();
  const queued = storage !== null && enqueue(storage, endpoint, report, Date.now(), outcome.retryAfter);
  return queued ? { kind: 'queued' } : { kind: 'failed' };
}
