import type { Context, MiddlewareHandler } from 'hono';
import { ERROR_STATUS } from '../../contract/errors.js';
import type { Metrics } from './metrics.js';

/** The error code of an answer in the one error shape; `unknown` for anything else (a label stays bounded). */
async function errorCodeOf(response: Response): Promise<string> {
  try {
    const body: unknown = await response.clone().json();
    const error: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'error') : null;
    const code: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : null;
    return typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code) ? code : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Counts and times the report requests of the route it wraps: accepted ones by outcome, refused
 * ones by the code their answer carries, so the figures follow the answers the readers got.
 */
export function recordIngest(metrics: Metrics): MiddlewareHandler {
  return async function recordIngest(c: Context, next) {
    if (c.req.method !== 'POST') return next();
    const started = performance.now();
    await next();
    const status = c.res.status;
    const accepted = status === 200 || status === 201;
    const seconds = (performance.now() - started) / 1000;
    metrics.ingestSeconds.observe({ result: accepted ? 'accepted' : 'refused' }, seconds);
    if (accepted) metrics.reportsAccepted.inc({ outcome: status === 201 ? 'created' : 'replayed' });
    else metrics.reportsRefused.inc({ code: await errorCodeOf(c.res) });
  };
}
