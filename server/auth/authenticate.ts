import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { resolveApiToken } from './api-tokens.js';
import type { Auth, AuthEnv, MaybeAuthEnv } from './context.js';
import { assertCsrfToken, assertSameOrigin, isUnsafeMethod } from './csrf.js';
import { clearSessionCookie, readSessionCookie } from './session-cookie.js';
import { resumeSession } from './sessions.js';

/**
 * Who is calling: a bearer token when an Authorization header is present (a bad one is a 401, never
 * a silent fall back to the cookie), else the session cookie. Null when neither proves anything.
 * Unsafe cookie-authenticated requests must pass the same-origin and CSRF token checks.
 */
async function identify(deps: AppDeps, c: Context): Promise<Auth | null> {
  const header = c.req.header('Authorization');
  if (header !== undefined) {
    const secret = /^Bearer +(\S+)$/i.exec(header)?.[1];
    const auth = secret ? await resolveApiToken(deps, secret) : null;
    if (!auth) throw new ApiError('unauthenticated', 'The API token is unknown or revoked.');
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

/** Lets only signed-in callers through (401 otherwise) and puts who they are in `c.var.auth`. */
export function requireAuth(deps: AppDeps) {
  return createMiddleware<AuthEnv>(async function requireAuth(c, next) {
    const auth = await identify(deps, c);
    if (!auth) throw new ApiError('unauthenticated', 'Sign in first: no session or it has expired.');
    c.set('auth', auth);
    await next();
  });
}

/** Like {@link requireAuth} but lets anonymous callers through with `c.var.auth` null. */
export function optionalAuth(deps: AppDeps) {
  return createMiddleware<MaybeAuthEnv>(async function optionalAuth(c, next) {
    c.set('auth', await identify(deps, c));
    await next();
  });
}
