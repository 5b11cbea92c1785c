/**
 * One declaration per route: method, path, who may call it, the schemas of its parameters, query
 * and body, and its answers. {@link route} validates every request with those schemas before the
 * handler runs, and the OpenAPI document (server/openapi/) is generated from the same declarations,
 * so what is documented is what is enforced. How to add a route: docs/api.md.
 */

import type { Context, Hono, MiddlewareHandler, TypedResponse } from 'hono';
import type { ContentfulStatusCode, SuccessStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import { z } from 'zod';
import type { ErrorCode } from '../../contract/errors.js';
import { authenticate } from '../auth/authenticate.js';
import type { Auth } from '../auth/context.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { readLimitedBody } from '../ingest/body.js';
import { hasLoneSurrogate } from '../ingest/text.js';
import { parseOrThrow } from './validate.js';

/**
 * The most bytes a request body may have unless its route says otherwise: far above any editor
 * form (a site's settings with 100 routing rules is a few KiB), far below what could hurt memory.
 */
export const BODY_LIMIT = 64 * 1024;

/** Methods a route may declare. */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options';

/** Who may call: anyone; anyone, telling the handler who is signed in; only a session or API token. */
export type Access = 'public' | 'optional' | 'signed-in';

/** Any zod schema, classic or mini. */
export type Schema = z.core.$ZodType;

/** A request body that is not only JSON, is read in its own way, or fails with its own code. */
export interface BodySpec<S extends Schema = Schema> {
  readonly schema: S;
  /** The media types accepted, all parsed as JSON (default: `application/json`). */
  readonly mediaTypes?: readonly string[];
  /** Reads the unvalidated body (default: the JSON body; `{}` when the request has none). */
  readonly read?: (c: Context) => Promise<unknown>;
  /** The error code of a body the schema refuses (default: `invalid_request`). */
  readonly invalid?: ErrorCode;
  /** The most bytes the body may have (default {@link BODY_LIMIT}); more answers 413 payload_too_large. */
  readonly limit?: number;
  /**
   * The schema refuses NUL itself in every field it keeps, so the declaration does not refuse it
   * anywhere first (the ingest route: its honeypot must take whatever a bot sends).
   */
  readonly nulCheckedBySchema?: true;
}

/** A 2xx answer spelled out: its description, and its body's schema (null: no body) and media types. */
export interface ResponseObject {
  readonly description: string;
  readonly schema: Schema | null;
  /**
   * Default `application/json`; another type (text, CSV, NDJSON; several when a query picks one) is
   * documented with `schema` but not typed, so the handler may return any Response.
   */
  readonly mediaType?: string | readonly string[];
}

/** A 2xx answer: a JSON body's schema, `null` for no body (204), or a {@link ResponseObject}. */
export type ResponseSpec = Schema | null | ResponseObject;

/** Everything about a route that the document shows and the request validation enforces. */
export interface RouteSpec {
  readonly method: Method;
  /** Hono's path syntax (`/v1/sites/:siteId`), relative to where the sub-app is mounted. */
  readonly path: string;
  /** One line for the document's list of operations. */
  readonly summary: string;
  /** Anything a caller must know beyond the schemas: limits, ordering, side effects. */
  readonly description?: string;
  readonly tags: readonly string[];
  readonly auth: Access;
  /** Path parameters; a value the schema refuses answers 404 not_found (it names nothing). */
  readonly params?: Schema;
  /** Query parameters (an object of strings); refused: 400 invalid_request. */
  readonly query?: Schema;
  /** The body; refused: 400 invalid_request (or the {@link BodySpec}'s code). */
  readonly body?: Schema | BodySpec;
  readonly responses: { readonly [Status in SuccessStatusCode]?: ResponseSpec };
  /**
   * Error codes the handler itself throws. Those of the declaration are added to the document by
   * themselves: 401 unless public, 403 (CSRF) for unsafe methods of signed-in callers, 400 for a
   * query or body, 404 for path parameters, 503 unless `database` is false.
   */
  readonly errors?: readonly ErrorCode[];
  /** `false` for a route that never touches the database, so it cannot answer 503 unavailable. */
  readonly database?: false;
  /** Middleware that runs before authentication and validation (CORS of the public ingest route). */
  readonly use?: readonly MiddlewareHandler[];
}

/** The parsed value of a schema or body declaration. */
type Parsed<T> = T extends BodySpec<infer S> ? z.output<S> : T extends Schema ? z.output<T> : never;

/** What the handler receives besides the context: every validated part, typed by its schema. */
export type RouteInput<S extends RouteSpec> = (S extends { params: infer P }
  ? { params: Parsed<P> }
  : unknown) &
  (S extends { query: infer Q } ? { query: Parsed<Q> } : unknown) &
  (S extends { body: infer B } ? { body: Parsed<B> } : unknown) &
  (S['auth'] extends 'signed-in'
    ? { auth: Auth }
    : S['auth'] extends 'optional'
      ? { auth: Auth | null }
      : unknown);

/** `c.json(body)` without a status means 200, and Hono types it as any status with a body. */
type StatusTyped<Status extends SuccessStatusCode> = Status extends 200 ? ContentfulStatusCode : Status;

/** The typed response a handler must return for one declared answer. */
type Reply<Status extends SuccessStatusCode, R> = R extends null
  ? Response & TypedResponse<null, Status, 'body'>
  : R extends { readonly mediaType: string | readonly string[] }
    ? Response
    : R extends { readonly schema: null }
      ? Response & TypedResponse<null, Status, 'body'>
      : R extends { readonly schema: infer X extends Schema }
        ? Response & TypedResponse<JSONParsed<z.output<X>>, StatusTyped<Status>, 'json'>
        : R extends Schema
          ? Response & TypedResponse<JSONParsed<z.output<R>>, StatusTyped<Status>, 'json'>
          : never;

/** Any of the declared answers, so returning an undeclared status or body shape does not compile. */
export type RouteReply<S extends RouteSpec> = {
  [Status in keyof S['responses'] & SuccessStatusCode]: Reply<Status, S['responses'][Status]>;
}[keyof S['responses'] & SuccessStatusCode];

/** The handler of a declared route. */
export type RouteHandler<S extends RouteSpec> = (
  c: Context,
  input: RouteInput<S>,
) => RouteReply<S> | Promise<RouteReply<S>>;

/** The declaration of every registered route handler, for the document (see {@link declarationOf}). */
const declarations = new WeakMap<object, RouteSpec>();

/** The declaration a route handler was registered with; undefined for a handler added another way. */
export function declarationOf(handler: unknown): RouteSpec | undefined {
  return typeof handler === 'function' ? declarations.get(handler) : undefined;
}

/** Whether a body declaration is a bare schema rather than a {@link BodySpec}. */
export function isSchema(value: Schema | BodySpec): value is Schema {
  return '_zod' in value;
}

/** Strict UTF-8, as JSON is (RFC 8259 §8.1). */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A declared Content-Length over the limit, refused before anything is read or authenticated. */
function refuseDeclaredOversize(c: Context, limit: number): void {
  const declared = Number(c.req.header('Content-Length') ?? Number.NaN);
  if (declared > limit) throw new ApiError('payload_too_large', `The body must be at most ${limit} bytes.`);
}

/**
 * The JSON body read as a stream within `limit` bytes (413 at the first byte past it, whatever
 * Content-Length said), or `{}` when the request says it is something else (Hono's validator does
 * the same).
 */
async function readJson(c: Context, limit: number): Promise<unknown> {
  const type = c.req.header('Content-Type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!/^application\/([\w.-]+\+)?json$/.test(type)) return {};
  const bytes = await readLimitedBody(c.req.raw, limit).catch((error: unknown) => {
    if (error instanceof ApiError) throw error;
    // The client went away mid-body: its mistake, not an outage.
    throw new ApiError('invalid_request', 'The request body could not be read.', { cause: error });
  });
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch {
    throw new ApiError('invalid_request', 'Malformed JSON in the request body.');
  }
}

/** A string PostgreSQL cannot store: NUL in any text, an unpaired surrogate in jsonb. */
function unstorable(value: string): boolean {
  return value.includes('\u0000') || hasLoneSurrogate(value);
}

/**
 * The path (`a.b.0`) of the first string holding U+0000 or an unpaired surrogate in a request
 * value, or null. PostgreSQL cannot store NUL in text (nor an unpaired surrogate in jsonb) and fails
 * the whole statement, so both are refused here, for every route and field at once, before any
 * schema or query sees them.
 */
function nulPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return unstorable(value) ? path.join('.') : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, [...path, String(index)]);
      if (found !== null) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, [...path, key]) ?? nulPath(key, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Throws `code` when a request value holds a NUL character or an unpaired surrogate anywhere. */
function refuseNul(value: unknown, what: string, code: ErrorCode): void {
  const path = nulPath(value);
  if (path !== null) {
    throw new ApiError(code, `Invalid ${what}.`, {
      issues: [{ path, message: 'must not contain NUL (U+0000) or an unpaired surrogate' }],
    });
  }
}

/** Validates what the declaration describes, in the order a caller's mistakes are best reported. */
async function validated(deps: AppDeps, spec: RouteSpec, c: Context): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  if (spec.auth !== 'public') {
    const auth = await authenticate(deps, c);
    if (!auth && spec.auth === 'signed-in') {
      throw new ApiError('unauthenticated', 'Sign in first: no session or it has expired.');
    }
    input.auth = auth;
  }
  if (spec.params) {
    // A NUL names nothing either.
    if (nulPath(c.req.param()) !== null) throw new ApiError('not_found', 'Not found.');
    const params = z.safeParse(spec.params, c.req.param());
    // A malformed id names nothing: the same answer as an id that is not there.
    if (!params.success) throw new ApiError('not_found', 'Not found.');
    input.params = params.data;
  }
  if (spec.query) {
    const query = Object.fromEntries(
      Object.entries(c.req.queries()).map(([name, values]) => [
        name,
        values.length === 1 ? values[0] : values,
      ]),
    );
    refuseNul(query, 'query', 'invalid_request');
    input.query = parseOrThrow(spec.query, query, 'query');
  }
  if (spec.body) {
    const body: BodySpec = isSchema(spec.body) ? { schema: spec.body } : spec.body;
    const raw = await (body.read ? body.read(c) : readJson(c, body.limit ?? BODY_LIMIT));
    if (!body.nulCheckedBySchema) refuseNul(raw, 'request body', body.invalid ?? 'invalid_request');
    input.body = parseOrThrow(body.schema, raw, 'request body', body.invalid);
  }
  return input;
}

/**
 * Registers a declared route on a (sub-)app: the handler runs only after the caller was
 * authenticated as `spec.auth` says and the path, query and body passed their schemas; it receives
 * them parsed, and may only answer what `spec.responses` declares.
 */
export function route<const S extends RouteSpec>(
  app: Hono,
  deps: AppDeps,
  spec: S,
  handler: RouteHandler<S>,
): void {
  const limit = spec.body && !isSchema(spec.body) ? (spec.body.limit ?? BODY_LIMIT) : BODY_LIMIT;
  const declared: MiddlewareHandler = async function declared(c) {
    // API answers are about someone (a session, a CSRF token, a site's reports): no shared or
    // browser cache may keep them. Set first, so error answers carry it too; a handler that
    // answers something cacheable sets its own.
    c.header('Cache-Control', 'no-store');
    refuseDeclaredOversize(c, limit);
    const input = await validated(deps, spec, c);
    // Sound: `input` holds exactly the outputs of the schemas RouteInput<S> is computed from.
    return handler(c, input as RouteInput<S>);
  };
  declarations.set(declared, spec);
  // Handlers registered for the same method and path run in order, as one chain.
  for (const middleware of spec.use ?? []) app.on(spec.method.toUpperCase(), spec.path, middleware);
  app.on(spec.method.toUpperCase(), spec.path, declared);
}
