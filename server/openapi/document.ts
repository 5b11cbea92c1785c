/**
 * The OpenAPI 3.1 document of the running app, generated from its routes' declarations
 * (server/routes/route.ts): the paths come from where the routes are really mounted, the schemas
 * from the zod schemas that validate the requests and type the answers.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { ErrorBodySchema } from '../../contract/api-schemas.js';
import { SESSION_COOKIE } from '../auth/session-cookie.js';
import { declarationOf, isSchema, type ResponseSpec, type RouteSpec, type Schema } from '../routes/route.js';
import { errorCodes, errorResponses } from './errors.js';
import { answerSchemas, type ConvertedAnswers, type JsonObject, requestSchema } from './json-schema.js';

/** One documented operation: where the app serves it and how it was declared. */
export interface Operation {
  /** The OpenAPI path (`/api/v1/sites/{siteId}`). */
  path: string;
  method: RouteSpec['method'];
  spec: RouteSpec;
}

/** A route's Hono path in OpenAPI's syntax: `:id` (with any `{regex}`) becomes `{id}`, no trailing slash. */
export function openApiPath(honoPath: string): string {
  const path = honoPath.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

/** The declared operations of an app, in the order they were mounted. */
export function operationsOf(app: Hono): Operation[] {
  const operations: Operation[] = [];
  for (const route of app.routes) {
    const spec = declarationOf(route.handler);
    if (spec) operations.push({ path: openApiPath(route.path), method: spec.method, spec });
  }
  return operations;
}

/** Default descriptions of answers declared by schema alone. */
const DEFAULT_DESCRIPTION: Readonly<Record<number, string>> = {
  200: 'OK.',
  201: 'Created.',
  204: 'Done; no body.',
};

/** The parts of a response declaration, whichever way it was written. */
function responseParts(
  status: number,
  response: ResponseSpec,
): { description: string; schema: Schema | null; mediaTypes: readonly string[] } {
  const description = DEFAULT_DESCRIPTION[status] ?? 'OK.';
  if (response === null) return { description, schema: null, mediaTypes: [] };
  if ('_zod' in response) return { description, schema: response, mediaTypes: ['application/json'] };
  const { mediaType = 'application/json' } = response;
  return {
    description: response.description,
    schema: response.schema,
    mediaTypes: typeof mediaType === 'string' ? [mediaType] : mediaType,
  };
}

/** `parameters` from an object schema's properties: path ones required, query ones as declared. */
function parameters(where: 'path' | 'query', schema: Schema): JsonObject[] {
  const json = requestSchema(schema);
  const properties = json.properties;
  const required = Array.isArray(json.required) ? json.required : [];
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw new Error(`The ${where} schema must be an object schema.`);
  }
  const example = Array.isArray(json.examples) ? json.examples[0] : undefined;
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } =
      typeof property === 'object' && property !== null && !Array.isArray(property) ? property : {};
    const value =
      typeof example === 'object' && example !== null && !Array.isArray(example) ? example[name] : undefined;
    return {
      name,
      in: where,
      required: where === 'path' || required.includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
      ...(value !== undefined ? { example: value } : {}),
    };
  });
}

/** Checks that a declaration's path parameters are exactly those of its path. */
function assertPathParams(operation: Operation, declared: JsonObject[]): void {
  const inPath = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const names = declared.map((p) => String(p.name)).sort();
  if (JSON.stringify(inPath) !== JSON.stringify(names)) {
    throw new Error(
      `${operation.method.toUpperCase()} ${operation.path} declares path parameters [${names}], its path has [${inPath}].`,
    );
  }
}

/** The security requirements of an access level (an empty object: anonymous allowed). */
function security(spec: RouteSpec): JsonObject[] {
  if (spec.auth === 'public') return [];
  const signedIn: JsonObject[] = [{ session: [] }, { bearer: [] }];
  return spec.auth === 'optional' ? [{}, ...signedIn] : signedIn;
}

/** One operation object. */
function operationObject(operation: Operation, answers: ConvertedAnswers): JsonObject {
  const { spec } = operation;
  const pathParams = spec.params ? parameters('path', spec.params) : [];
  assertPathParams(operation, pathParams);
  const params = [...pathParams, ...(spec.query ? parameters('query', spec.query) : [])];
  const body = spec.body ? (isSchema(spec.body) ? { schema: spec.body } : spec.body) : undefined;
  const responses: Record<string, JsonObject> = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    if (response === undefined) continue;
    const parts = responseParts(Number(status), response);
    const schema = parts.schema;
    responses[status] = {
      description: parts.description,
      ...(schema
        ? {
            content: Object.fromEntries(
              parts.mediaTypes.map((type) => [type, { schema: answers.schemaOf(schema) }]),
            ),
          }
        : {}),
    };
  }
  Object.assign(responses, errorResponses(errorCodes(spec), answers.schemaOf(ErrorBodySchema)));
  return {
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [...spec.tags],
    security: security(spec),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body
      ? {
          requestBody: {
            // A body the schema accepts empty may be left out (Hono reads a missing body as {}).
            required: !z.safeParse(body.schema, {}).success,
            content: Object.fromEntries(
              (body.mediaTypes ?? ['application/json']).map((type) => [
                type,
                { schema: requestSchema(body.schema) },
              ]),
            ),
          },
        }
      : {}),
    responses,
  };
}

/** The document's shape, as `GET /api/openapi.json` declares its answer. */
export const OpenApiDocumentSchema = z.object({
  openapi: z.literal('3.1.0'),
  info: z.object({ title: z.string(), version: z.string(), description: z.string() }),
  tags: z.array(z.object({ name: z.string() })),
  paths: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))),
  components: z.object({
    securitySchemes: z.record(z.string(), z.record(z.string(), z.unknown())),
    schemas: z.record(z.string(), z.record(z.string(), z.unknown())),
  }),
});

/** The OpenAPI document. */
export type OpenApiDocument = z.output<typeof OpenApiDocumentSchema>;

/** Every schema an operation answers with, for converting them all at once. */
function answersOf(operations: readonly Operation[]): Schema[] {
  const schemas: Schema[] = [ErrorBodySchema];
  for (const { spec } of operations) {
    for (const [status, response] of Object.entries(spec.responses)) {
      if (response === undefined) continue;
      const { schema } = responseParts(Number(status), response);
      if (schema) schemas.push(schema);
    }
  }
  return schemas;
}

/** Builds the document of an app's declared routes. */
export function buildDocument(app: Hono): OpenApiDocument {
  const operations = operationsOf(app);
  const answers = answerSchemas(answersOf(operations));
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const operation of operations) {
    const item = paths[operation.path] ?? {};
    paths[operation.path] = item;
    if (item[operation.method]) {
      throw new Error(`${operation.method.toUpperCase()} ${operation.path} is declared twice.`);
    }
    item[operation.method] = operationObject(operation, answers);
  }
  const tags = [...new Set(operations.flatMap(({ spec }) => spec.tags))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Misprint API',
      version: '1',
      description:
        "Reader typo reports (the public ingest route) and the editors' API. Every error answers " +
        '{"error": {"code", "message", "issues"?}} with a stable code. A session cookie must send ' +
        'X-CSRF-Token (Me.csrfToken) on unsafe methods; scripts use an API token as a Bearer token.',
    },
    tags,
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token (mp_…), from POST /api/v1/tokens.',
        },
      },
      schemas: answers.components,
    },
  };
}

const built = new WeakMap<Hono, OpenApiDocument>();

/** The document of an app, built once (the routes do not change after start). */
export function openApiDocument(app: Hono): OpenApiDocument {
  let document = built.get(app);
  if (!document) {
    document = buildDocument(app);
    built.set(app, document);
  }
  return document;
}
