import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';
import type { SessionAuth } from './context.js';

/** The header that must echo the session's CSRF token (`Me.csrfToken`) on unsafe requests. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** Methods that may change something, so a forged cross-site request must not pass. */
export function isUnsafeMethod(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/** The origins this server is reached at: its public URL, the Host it was asked by, and a trusted proxy's. */
function ownOrigins(c: Context, config: Config): Set<string> {
  const origins = new Set<string>([new URL(c.req.url).origin]);
  if (config.publicUrl) origins.add(new URL(config.publicUrl).origin);
  const proto = c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim();
  const host = c.req.header('X-Forwarded-Host')?.split(',')[0]?.trim() ?? c.req.header('Host');
  if (config.trustProxy && proto && host) origins.add(`${proto}://${host}`);
  return origins;
}

/**
 * Rejects a request a browser marks as coming from another site. A missing Origin passes (curl,
 * old browsers on same-origin GETs); the CSRF token is the real check, this is the second lock.
 */
export function assertSameOrigin(c: Context, config: Config): void {
  const origin = c.req.header('Origin');
  const fetchSite = c.req.header('Sec-Fetch-Site');
  if (fetchSite === 'cross-site' || (origin !== undefined && !ownOrigins(c, config).has(origin))) {
    throw new ApiError('forbidden', 'Cross-site requests are not allowed.');
  }
}

/** Rejects an unsafe cookie-authenticated request that does not echo the session's CSRF token. */
export function assertCsrfToken(c: Context, auth: SessionAuth): void {
  const sent = Buffer.from(c.req.header(CSRF_HEADER) ?? '');
  const expected = Buffer.from(auth.csrfToken);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw new ApiError('forbidden', `Missing or wrong ${CSRF_HEADER} header.`);
  }
}
