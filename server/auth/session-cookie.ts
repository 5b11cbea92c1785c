import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.js';

/** The cookie that carries the session id (docs/contract.md, "The editor API"). */
export const SESSION_COOKIE = 'misprint_session';

/**
 * Whether cookies must be marked Secure: the request came over https, directly or (with
 * TRUST_PROXY) through a proxy that says so, or the server's public URL is https.
 */
export function isSecureRequest(c: Context, config: Config): boolean {
  if (config.publicUrl?.startsWith('https:')) return true;
  if (new URL(c.req.url).protocol === 'https:') return true;
  return config.trustProxy && c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim() === 'https';
}

/** The session id the browser sent, if any. */
export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}

/** Sets the session cookie: HttpOnly so scripts cannot read it, SameSite=Lax against cross-site posts. */
export function writeSessionCookie(c: Context, config: Config, sessionId: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isSecureRequest(c, config),
    expires: expiresAt,
  });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(c: Context, config: Config): void {
  deleteCookie(c, SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecureRequest(c, config),
  });
}
