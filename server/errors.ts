import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_STATUS, type ErrorBody, type ErrorCode, type ErrorIssue } from '../contract/errors.js';
import { isDatabaseUnavailable } from './db/errors.js';
import type { Logger } from './logger.js';

/** Seconds a client should wait before retrying when the database cannot be reached. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Options of an {@link ApiError}. */
export interface ApiErrorOptions {
  issues?: ErrorIssue[];
  headers?: Record<string, string>;
  cause?: unknown;
}

/** An error answer in the one error shape; thrown anywhere, rendered by {@link renderError}. */
export class ApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[] | undefined;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(ERROR_STATUS[code], { message, cause: options.cause });
    this.code = code;
    this.issues = options.issues;
    this.headers = options.headers ?? {};
  }
}

/** Builds the body of an error answer. */
export function errorBody(code: ErrorCode, message: string, issues?: ErrorIssue[]): ErrorBody {
  return { error: issues ? { code, message, issues } : { code, message } };
}

/** Error codes for statuses raised by Hono's own middleware (body limit, not found, ...). */
function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'invalid_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    case 503:
      return 'unavailable';
    default:
      return status >= 500 ? 'internal' : 'invalid_request';
  }
}

/** Turns any thrown value into a response in the one error shape. Used as `app.onError`. */
export function renderError(error: unknown, c: Context, logger: Logger): Response {
  if (error instanceof ApiError) {
    return c.json(
      errorBody(error.code, error.message, error.issues),
      error.status as ContentfulStatusCode,
      error.headers,
    );
  }
  if (error instanceof HTTPException) {
    const code = codeForStatus(error.status);
    return c.json(errorBody(code, error.message || code.replaceAll('_', ' ')), ERROR_STATUS[code]);
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn('database unavailable', { path: c.req.path, error: String(error) });
    return c.json(errorBody('unavailable', 'The service is temporarily unavailable; retry later.'), 503, {
      'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS),
    });
  }
  logger.error('unhandled error', {
    path: c.req.path,
    error: error instanceof Error ? error.stack : String(error),
  });
  return c.json(errorBody('internal', 'Internal server error.'), 500);
}
