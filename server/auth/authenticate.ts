import type { Context } from 'hono';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { resolveApiToken } from './api-tokens.js';
import type { Auth } from './context.js';
import { assertCsrfToken, assertSameOrigin, isUnsafeMethod } from './csrf.js';
import { clearSessionCookie, readSessionCookie } from './session-cookie.js';
import { resumeSession } from './sessions.js';

/**
 * Who is calling: a bearer token when an Authorization header is present (a bad one is a 401, never
 * a silent fall back to the cookie), else the session cookie. Null when neither proves anything.
 * Unsafe cookie-authenticated requests must pass the same-origin and CSRF token checks; unsafe
 * requests with a `read` token are refused (403 forbidden).
 */
export async function authenticate(deps: AppDeps, c: Context): Promise<Auth | null> {
  const header = c.req.header('Authorization');
  if (header !== undefined) {
    const secret = /^Bearer +(\S+)$/i.exec(header)?.[1];
    const auth = secret ? await resolveApiToken(deps, secret) : null;
    if (!auth) throw new ApiError('unauthenticated', 'The API token is unknown, revoked or expired.');
    if (auth.scope === 'read' && isUnsafeMethod(c.req.method)) {
      throw new ApiError(
        'forbidden',
        'This API token is read-only; a write token is needed to change anything.',
      );
    }
    return auth;
  }
  const sessionId = readSessionCookie(c);
  if (!sessionId) return null;
  const auth = await resumeSession(deps, c, sessionId);
  if (!auth) {
    clearSessionCookie(c, deps.config);
    return null;
  }
  if (isUnsafeMethod(c.req.method)) {
    assertSameOrigin(c, deps.config);
    assertCsrfToken(c, auth);
  }
  return auth;
}
