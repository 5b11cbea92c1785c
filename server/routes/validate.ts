import { z } from 'zod';
import type { ErrorCode, ErrorIssue } from '../../contract/errors.js';
import { ApiError } from '../errors.js';

/** zod's issues in the API's shape: dotted paths (`settings.rateLimits.clientPerDay`). */
export function toIssues(error: z.core.$ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Parses a value with a schema or throws `code` (400) listing every issue. */
export function parseOrThrow<T extends z.core.$ZodType>(
  schema: T,
  value: unknown,
  what: string,
  code: ErrorCode = 'invalid_request',
): z.output<T> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw new ApiError(code, `Invalid ${what}.`, { issues: toIssues(result.error) });
  return result.data;
}
