import { REPORT_STATUSES } from '../../../contract/report.js';
import type { GroupCursor } from '../../db/queries/reports.js';
import { ApiError } from '../../errors.js';

/** A keyset cursor as the client sees it: opaque base64url, so its layout can change. */
export function encodeCursor(cursor: GroupCursor): string {
  return Buffer.from(JSON.stringify([cursor.receivedMicros, cursor.groupKey, cursor.status])).toString(
    'base64url',
  );
}

/** The cursor a client sent back; 400 invalid_request for anything this server did not make. */
export function decodeCursor(value: string): GroupCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 3) {
      const [micros, groupKey, status] = parsed;
      const known = REPORT_STATUSES.find((s) => s === status);
      if (Number.isSafeInteger(micros) && typeof groupKey === 'string' && known) {
        return { receivedMicros: micros, groupKey, status: known };
      }
    }
  } catch {
    // Falls through to the one answer for every malformed cursor.
  }
  throw new ApiError('invalid_request', 'Invalid cursor.', {
    issues: [{ path: 'cursor', message: 'not a cursor from this API' }],
  });
}
