import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Config } from '../config.js';

/**
 * The caller's address for sign-in throttling. Behind a proxy (TRUST_PROXY) it is the last
 * X-Forwarded-For entry, the one our proxy appended; earlier entries are whatever the client wrote.
 * 'unknown' when there is no socket (requests made in-process, as tests do).
 */
export function clientAddress(c: Context, config: Config): string {
  if (config.trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
