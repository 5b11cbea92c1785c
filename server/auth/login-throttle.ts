import {
  clearLoginFailures,
  loginFailuresInWindow,
  recordLoginFailure,
} from '../db/queries/login-attempts.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { hashSecret } from '../services/secrets.js';

/** Failed sign-ins are counted in fixed windows of this length. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failures per account per window: slows a password guesser to a crawl, costs a forgetful editor 15 minutes. */
export const ACCOUNT_FAILURE_LIMIT = 10;
/** Failures per client address per window: higher, as a newsroom may share one address. */
export const CLIENT_FAILURE_LIMIT = 50;

/**
 * The throttle keys of one sign-in attempt. Hashed so the table holds neither e-mail addresses nor
 * client addresses; the account key exists for unknown e-mails too, so throttling reveals nothing.
 */
export function loginKeys(email: string, address: string): { account: string; client: string } {
  return { account: `account:${hashSecret(email)}`, client: `client:${hashSecret(`login:${address}`)}` };
}

function windowStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / LOGIN_WINDOW_MS) * LOGIN_WINDOW_MS);
}

/** Throws 429 rate_limited (with Retry-After) when the account or the client has failed too often. */
export async function assertLoginAllowed(
  deps: AppDeps,
  keys: { account: string; client: string },
): Promise<void> {
  const now = deps.now();
  const start = windowStart(now);
  const failures = await loginFailuresInWindow(deps.db, [keys.account, keys.client], start);
  if (
    (failures.get(keys.account) ?? 0) >= ACCOUNT_FAILURE_LIMIT ||
    (failures.get(keys.client) ?? 0) >= CLIENT_FAILURE_LIMIT
  ) {
    const retryAfter = Math.max(1, Math.ceil((start.getTime() + LOGIN_WINDOW_MS - now.getTime()) / 1000));
    throw new ApiError('rate_limited', 'Too many failed sign-ins; try again later.', {
      headers: { 'Retry-After': String(retryAfter) },
    });
  }
}

/** Counts a failed sign-in against the account and the client. */
export function noteLoginFailure(deps: AppDeps, keys: { account: string; client: string }): Promise<void> {
  return recordLoginFailure(deps.db, [keys.account, keys.client], windowStart(deps.now()));
}

/** Forgets an account's failures after it signed in; the client's stay, so one good login does not reset a spray. */
export function noteLoginSuccess(deps: AppDeps, keys: { account: string; client: string }): Promise<void> {
  return clearLoginFailures(deps.db, keys.account);
}
