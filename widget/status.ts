/** Asking the server what became of reports (`POST /api/v1/reports/status`, docs/contract.md, "Readers told"). */
import { READER_STATUSES, type ReaderStatus, type StatusQuestion } from '../contract/report.js';
import { prop } from './json.js';
import type { Fetch } from './send.js';

function isStatus(value: unknown): value is ReaderStatus {
  return READER_STATUSES.some((status) => status === value);
}

/**
 * The statuses of the asked reports that the server knows, or null when it could not be asked.
 * A text/plain body keeps it a CORS simple request (no preflight); no cookies travel with it.
 */
export async function askStatuses(
  endpoint: string,
  question: StatusQuestion,
  fetcher: Fetch = fetch,
): Promise<Map<string, ReaderStatus> | null> {
  try {
    const response = await fetcher(`${endpoint.replace(/\/+$/, '')}/api/v1/reports/status`, {
      method: 'POST',
      body: JSON.stringify(question),
      credentials: 'omit',
    });
    if (!response.ok) return null;
    const statuses = prop(await response.json(), 'statuses');
    const known = new Map<string, ReaderStatus>();
    for (const [id, status] of Object.entries(typeof statuses === 'object' && statuses ? statuses : {}))
      if (isStatus(status)) known.set(id, status);
    return known;
  } catch {
    return null;
  }
}
