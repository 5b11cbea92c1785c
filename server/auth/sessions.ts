import type { Context } from 'hono';
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  extendSession,
  findSession,
} from '../db/queries/sessions.js';
import type { AppDeps } from '../deps.js';
import { hashSecret, newSecret } from '../services/secrets.js';
import type { SessionAuth } from './context.js';
import { writeSessionCookie } from './session-cookie.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A session lives this long after its latest use (sliding expiry). */
export const SESSION_TTL_MS = 14 * DAY_MS;

/**
 * However active, a session ends this long after sign-in (absolute lifetime): a stolen cookie
 * cannot be kept alive forever by using it.
 */
export const SESSION_MAX_AGE_MS = 30 * DAY_MS;

/** The sliding expiry from `now`, never past the session's absolute end. */
function slidExpiry(createdAt: Date, now: Date): Date {
  return new Date(Math.min(now.getTime() + SESSION_TTL_MS, createdAt.getTime() + SESSION_MAX_AGE_MS));
}

/**
 * A used session's expiry is pushed forward at most this often: a busy editor would otherwise cost
 * a database write per request for a few seconds of extra lifetime.
 */
export const SESSION_SLIDE_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Starts a new session for a user (always a new id, so a session id planted before sign-in is
 * worthless after it), sets the cookie and returns the session's CSRF token.
 */
export async function startSession(deps: AppDeps, c: Context, userId: string): Promise<string> {
  const now = deps.now();
  const id = newSecret();
  const csrfToken = newSecret();
  const expiresAt = slidExpiry(now, now);
  await deleteExpiredSessions(deps.db, userId, now);
  await createSession(deps.db, { idHash: hashSecret(id), userId, csrfToken, now, expiresAt });
  writeSessionCookie(c, deps.config, id, expiresAt);
  return csrfToken;
}

/**
 * The live session behind a cookie's id, its expiry slid forward (cookie included) when due, never
 * past SESSION_MAX_AGE_MS after sign-in; null for an unknown or expired session (an expired one is
 * deleted).
 */
export async function resumeSession(
  deps: AppDeps,
  c: Context,
  sessionId: string,
): Promise<SessionAuth | null> {
  const idHash = hashSecret(sessionId);
  const session = await findSession(deps.db, idHash);
  if (!session) return null;
  const now = deps.now();
  const end = Math.min(session.expiresAt.getTime(), session.createdAt.getTime() + SESSION_MAX_AGE_MS);
  if (end <= now.getTime()) {
    await deleteSession(deps.db, idHash);
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_SLIDE_INTERVAL_MS) {
    const expiresAt = slidExpiry(session.createdAt, now);
    await extendSession(deps.db, idHash, now, expiresAt);
    writeSessionCookie(c, deps.config, sessionId, expiresAt);
  }
  return { kind: 'session', user: session.user, sessionIdHash: idHash, csrfToken: session.csrfToken };
}
