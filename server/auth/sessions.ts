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

/** A session lives this long after its latest use (sliding expiry). */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

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
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await deleteExpiredSessions(deps.db, userId, now);
  await createSession(deps.db, { idHash: hashSecret(id), userId, csrfToken, now, expiresAt });
  writeSessionCookie(c, deps.config, id, expiresAt);
  return csrfToken;
}

/**
 * The live session behind a cookie's id, its expiry slid forward (cookie included) when due; null
 * for an unknown or expired session (an expired one is deleted).
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
  if (session.expiresAt.getTime() <= now.getTime()) {
    await deleteSession(deps.db, idHash);
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_SLIDE_INTERVAL_MS) {
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await extendSession(deps.db, idHash, now, expiresAt);
    writeSessionCookie(c, deps.config, sessionId, expiresAt);
  }
  return { kind: 'session', user: session.user, sessionIdHash: idHash, csrfToken: session.csrfToken };
}
