/** Sending one report and reading the server's answer truthfully (docs/contract.md). */
import type { ErrorIssue } from '../contract/errors.js';
import type { ReportInput } from '../contract/report.js';

/** What happened to a report, as the reader is told. */
export type Outcome =
  | { kind: 'sent'; duplicates: number }
  | { kind: 'rate-limited'; retryAfter: number }
  | { kind: 'invalid'; message: string; issues: ErrorIssue[] }
  /** Refused for good (unknown site, origin not allowed, too large): retrying cannot help. */
  | { kind: 'rejected'; code: string; message: string }
  /** Offline, server unavailable or unreachable: worth retrying later. */
  | { kind: 'unavailable'; retryAfter: number | null };

/** Seconds to wait when a 429 carries no readable Retry-After. */
const DEFAULT_RETRY_SECONDS = 60;

/** A fetch-compatible function, so tests can answer without a network. */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Seconds from a Retry-After header, or null. Misprint sends delta-seconds, never an HTTP date. */
export function retryAfterSeconds(value: string | null): number | null {
  return value && /^\s*\d+\s*$/.test(value) ? Number(value) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The `error` object of an error body, tolerating anything a proxy may answer instead. */
function errorOf(body: unknown): { code: string; message: string; issues: ErrorIssue[] } {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const issues = Array.isArray(error.issues) ? error.issues.filter(isRecord) : [];
  return {
    code: text(error.code),
    message: text(error.message),
    issues: issues.map((issue) => ({ path: text(issue.path), message: text(issue.message) })),
  };
}

/**
 * Posts a report as `text/plain` JSON: a CORS simple request (no preflight), with keepalive so a
 * report sent just before the reader leaves still arrives. No cookies travel with it.
 */
export async function postReport(
  endpoint: string,
  report: ReportInput,
  fetcher: Fetch = fetch,
): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetcher(`${endpoint.replace(/\/+$/, '')}/api/v1/reports`, {
      method: 'POST',
      // A string body goes out as text/plain;charset=UTF-8: no header to set, no preflight.
      body: JSON.stringify(report),
      credentials: 'omit',
      keepalive: true,
    });
  } catch {
    return { kind: 'unavailable', retryAfter: null };
  }
  const body: unknown = await response.json().catch(() => null);
  const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'));
  if (response.ok) {
    const duplicates = isRecord(body) && typeof body.duplicates === 'number' ? body.duplicates : 0;
    return { kind: 'sent', duplicates };
  }
  const error = errorOf(body);
  if (response.status === 429)
    return { kind: 'rate-limited', retryAfter: retryAfter ?? DEFAULT_RETRY_SECONDS };
  if (response.status === 400) return { kind: 'invalid', message: error.message, issues: error.issues };
  if (response.status >= 500 || response.status === 408) return { kind: 'unavailable', retryAfter };
  return { kind: 'rejected', code: error.code, message: error.message };
}
