import type { Context } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import type { ErrorIssue } from '../../../contract/errors.js';
import { ApiError } from '../../errors.js';

/** zod's issues in the API's shape: dotted paths (`settings.rateLimits.clientPerDay`). */
export function toIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Parses a value with a schema or throws 400 invalid_request with the issues. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ApiError('invalid_request', `Invalid ${what}.`, { issues: toIssues(result.error) });
  return result.data;
}

/** Validates the JSON body; `c.req.valid('json')` is then typed by the schema. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return validator('json', (value): z.output<T> => parseOrThrow(schema, value, 'request body'));
}

/** Validates the query string; `c.req.valid('query')` is then typed by the schema. */
export function queryOf<T extends z.ZodType>(schema: T) {
  return validator('query', (value): z.output<T> => parseOrThrow(schema, value, 'query'));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path parameter that must be a UUID. Anything else names nothing, so it is a 404 like any other
 * id that is not there, and never reaches PostgreSQL as a cast error.
 */
export function idParam(c: Context, name: string): string {
  const value = c.req.param(name);
  if (value === undefined || !UUID.test(value)) throw new ApiError('not_found', 'Not found.');
  return value.toLowerCase();
}
