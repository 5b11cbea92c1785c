import {
  clearLoginFailures,
  releaseLoginAttempt,
  reserveLoginAttempt as reserveInWindow,
} from '../db/queries/login-attempts.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { hashSecret } from '../services/secrets.js';

/** Sign-in attempts are counted in fixed windows of this length. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failures per account per window: slows a password guesser to a crawl, costs a forgetful editor 15 minutes. */
export const ACCOUNT_FAILURE_LIMIT = 10;
/** Failures per client address per window: higher, as a newsroom may share one address. */
export const CLIENT_FAILURE_LIMIT = 50;

/** The throttle keys of one sign-in attempt. */
export interface LoginKeys {
  readonly account: string;
  readonly client: string;
}

/** An attempt counted against its keys in a window, to be given back if it succeeds. */
export interface LoginReservation {
  readonly keys: LoginKeys;
  readonly windowStart: Date;
}

/**
 * The throttle keys of one sign-in attempt. Hashed so the table holds neither e-mail addresses nor
 * client addresses; the account key exists for unknown e-mails too, so throttling reveals nothing.
 */
export function loginKeys(email: string, address: string): LoginKeys {
  return { account: `account:${hashSecret(email)}`, client: `client:${hashSecret(`login:${address}`)}` };
}

function windowStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / LOGIN_WINDOW_MS) * LOGIN_WINDOW_MS);
}

/**
 * Counts the attempt against the client and the account before the password is checked (so
 * parallel attempts cannot all pass a check made before any of them is recorded); throws 429
 * rate_limited with Retry-After, counting nothing, when either has used its window's budget.
 */
export async function reserveLoginAttempt(deps: AppDeps, keys: LoginKeys): Promise<LoginReservation> {
  const now = deps.now();
  const start = windowStart(now);
  const granted = await reserveInWindow(
    deps.db,
    { key: keys.client, limit: CLIENT_FAILURE_LIMIT },
    { key: keys.account, limit: ACCOUNT_FAILURE_LIMIT },
    start,
  );
  if (!granted) {
    const retryAfter = Math.max(1, Math.ceil((start.getTime() + LOGIN_WINDOW_MS - now.getTime()) / 1000));
    throw new ApiError('rate_limited', 'Too many failed sign-ins; try again later.', {
      headers: { 'Retry-After': String(retryAfter) },
    });
  }
  return { keys, windowStart: start };
}

/**
 * After a sign-in succeeded: the account's attempts are forgotten, and the client gets back the
 * one attempt it spent (its failures stay, so one good sign-in does not reset a spray).
 */
export async function noteLoginSuccess(deps: AppDeps, reservation: LoginReservation): Promise<void> {
  await clearLoginFailures(deps.db, reservation.keys.account);
  await releaseLoginAttempt(deps.db, reservation.keys.client, reservation.windowStart);
}

/** Gives back an attempt that was refused before its password was checked (the checks were busy). */
export async function giveBackLoginAttempt(deps: AppDeps, reservation: LoginReservation): Promise<void> {
  await releaseLoginAttempt(deps.db, reservation.keys.client, reservation.windowStart);
  await releaseLoginAttempt(deps.db, reservation.keys.account, reservation.windowStart);
}
