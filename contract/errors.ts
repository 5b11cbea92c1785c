/**
 * The one error shape of every route, and the stable codes tests and clients rely on.
 */

/** Every error code with the HTTP status it is always sent with. */
export const ERROR_STATUS = Object.freeze({
  invalid_report: 400,
  invalid_request: 400,
  unauthenticated: 401,
  origin_not_allowed: 403,
  forbidden: 403,
  unknown_site: 404,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const);

/** A stable, machine-readable error code. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** One problem with one field of a request body; `path` is dotted (`quote.exact`). */
export interface ErrorIssue {
  path: string;
  message: string;
}

/** `{"error": {"code", "message", "issues"?}}`: the body of every non-2xx answer. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    issues?: ErrorIssue[];
  };
}
