/** The error answers of an operation: which codes a declaration can answer, and how the document says so. */
import { ERROR_STATUS, type ErrorCode } from '../../contract/errors.js';
import { isSchema, type RouteSpec } from '../routes/route.js';
import type { JsonObject } from './json-schema.js';

/** What each code means, for the responses' descriptions. */
const MEANING: Readonly<Record<ErrorCode, string>> = Object.freeze({
  invalid_report: 'the report is invalid (issues name each problem)',
  invalid_request: 'the query or body is invalid (issues name each problem)',
  unauthenticated: 'no valid session or API token, or wrong credentials',
  origin_not_allowed: 'the origin is not one of the site’s allowed origins',
  forbidden: 'the caller’s role does not allow this, or a cross-site or CSRF check failed',
  unknown_site: 'no site has this key',
  not_found: 'no such thing, or it belongs to a site the caller is not a member of',
  conflict: 'the change conflicts with the current state',
  payload_too_large: 'the body is too large',
  unsupported_media_type: 'the body’s media type is not accepted',
  rate_limited: 'too many requests; retry after Retry-After seconds',
  internal: 'an unexpected server error',
  unavailable: 'the database cannot be reached; retry after Retry-After seconds',
});

/** Codes whose answers carry `Retry-After`. */
const RETRY_AFTER: ReadonlySet<ErrorCode> = new Set(['rate_limited', 'unavailable']);

/** Methods a forged cross-site request could abuse: the session must echo its CSRF token. */
const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/** Every code a declared route can answer: those it lists, and those its declaration implies. */
export function errorCodes(spec: RouteSpec): ErrorCode[] {
  const codes = new Set<ErrorCode>(spec.errors ?? []);
  if (spec.auth !== 'public') codes.add('unauthenticated');
  if (spec.auth !== 'public' && UNSAFE.has(spec.method)) codes.add('forbidden');
  if (spec.params) codes.add('not_found');
  if (spec.query) codes.add('invalid_request');
  if (spec.body)
    codes.add(isSchema(spec.body) ? 'invalid_request' : (spec.body.invalid ?? 'invalid_request'));
  if (spec.database !== false) codes.add('unavailable');
  // Every route refuses a body over its cap (route.ts), even one it would not read.
  codes.add('payload_too_large');
  return [...codes];
}

/** The `responses` entries for a route's errors, one per status, each naming its codes. */
export function errorResponses(
  codes: readonly ErrorCode[],
  errorBodyRef: JsonObject,
): Record<string, JsonObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes)
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  const responses: Record<string, JsonObject> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const sorted = list.sort();
    responses[String(status)] = {
      description: sorted.map((code) => `${code}: ${MEANING[code]}`).join('; '),
      ...(sorted.some((code) => RETRY_AFTER.has(code))
        ? {
            headers: {
              'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
            },
          }
        : {}),
      content: {
        'application/json': {
          schema: { ...errorBodyRef, properties: { error: { properties: { code: { enum: sorted } } } } },
        },
      },
    };
  }
  return responses;
}
