import { INBOX_SORTS, type InboxSort } from '../../../contract/api.js';
import { REPORT_STATUSES } from '../../../contract/report.js';
import type { GroupCursor } from '../../db/queries/inbox.js';
import { ApiError } from '../../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A keyset cursor as the client sees it: opaque base64url, so its layout can change. */
export function encodeCursor(cursor: GroupCursor): string {
  return Buffer.from(
    JSON.stringify([
      cursor.receivedMicros,
      cursor.groupKey,
      cursor.status,
      cursor.sort,
      cursor.siteId,
      cursor.priority,
    ]),
  ).toString('base64url');
}

function invalid(message: string): ApiError {
  return new ApiError('invalid_request', 'Invalid cursor.', { issues: [{ path: 'cursor', message }] });
}

/**
 * The cursor a client sent back for a page in `sort`; 400 invalid_request for anything this server
 * did not make, or made for another sort.
 */
export function decodeCursor(value: string, sort: InboxSort): GroupCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor from this API');
  }
  if (Array.isArray(parsed) && parsed.length === 6) {
    const [micros, groupKey, status, made, siteId, priority] = parsed;
    const known = REPORT_STATUSES.find((s) => s === status);
    const madeFor = INBOX_SORTS.find((s) => s === made);
    if (
      Number.isSafeInteger(micros) &&
      typeof groupKey === 'string' &&
      known &&
      madeFor &&
      typeof siteId === 'string' &&
      UUID.test(siteId) &&
      typeof priority === 'number' &&
      Number.isFinite(priority)
    ) {
      if (madeFor !== sort) throw invalid(`a cursor of sort=${madeFor}, not sort=${sort}`);
      return { sort, receivedMicros: micros, groupKey, status: known, siteId, priority };
    }
  }
  throw invalid('not a cursor from this API');
}
