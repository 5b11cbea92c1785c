/**
 * Checks real answers against the OpenAPI document with a real JSON Schema validator (Ajv, draft
 * 2020-12, formats asserted): the answer's status must be documented for its operation, and its
 * body must match the schema documented for that status.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Hono } from 'hono';
import { type OpenApiDocument, openApiDocument } from '../../server/openapi/document.js';

/** A JSON object (not an array, not null). */
export type Obj = Record<string, unknown>;

/** Whether a value is a JSON object. */
export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The id the document's components are registered under, for `$ref`s rewritten to point there. */
const COMPONENTS_ID = 'misprint:components';

/** A JSON Schema validator that knows the document's components. */
export function documentAjv(document: OpenApiDocument): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addKeyword('example');
  ajv.addSchema(rewriteRefs({ $id: COMPONENTS_ID, $defs: document.components.schemas }));
  return ajv;
}

/** A schema of the document with its `#/components/schemas/` references made absolute. */
export function rewriteRefs<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${COMPONENTS_ID}#/$defs/`));
}

/** The documented operation a concrete request path and method fall under, if any. */
export function findOperation(
  document: OpenApiDocument,
  method: string,
  path: string,
): { template: string; operation: Obj } | undefined {
  const bare = path.split('?')[0] ?? path;
  for (const [template, item] of Object.entries(document.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);
    const operation = item[method.toLowerCase()];
    if (pattern.test(bare) && isObject(operation)) {
      return { template, operation };
    }
  }
  return undefined;
}

/** Checks answers of one app against its own document. */
export interface AnswerChecker {
  /**
   * Throws when the answer's status is not documented for its operation or its body does not match;
   * answers of paths the document does not describe are left alone (unknown paths, assets).
   */
  check(method: string, path: string, response: Response): Promise<void>;
  /** `METHOD template` of every operation that gave a checked 2xx answer. */
  readonly succeeded: ReadonlySet<string>;
  readonly document: OpenApiDocument;
}

/** A checker over the app's own generated document. */
export function answerChecker(app: Hono): AnswerChecker {
  const document = openApiDocument(app);
  const ajv = documentAjv(document);
  const validators = new Map<string, ValidateFunction>();
  const succeeded = new Set<string>();
  return {
    document,
    succeeded,
    async check(method, path, response) {
      const found = findOperation(document, method, path);
      if (!found) return;
      const where = `${method.toUpperCase()} ${found.template}`;
      const responses = found.operation.responses;
      const documented = isObject(responses) ? responses[String(response.status)] : undefined;
      if (!isObject(documented)) {
        const text = await response.clone().text();
        throw new Error(
          `${where} answered ${response.status}, which the document does not describe: ${text}`,
        );
      }
      const content = isObject(documented.content) ? documented.content : {};
      const media = content['application/json'];
      const text = await response.clone().text();
      const sentType = response.headers.get('Content-Type')?.split(';')[0]?.trim() ?? '';
      if (!isObject(media) || !isObject(media.schema)) {
        // Not JSON: the answer's media type must be one the document names (or no body at all).
        if (text !== '' && !(sentType in content)) {
          throw new Error(
            `${where} ${response.status} sent ${sentType || 'a body'}, which the document does not name`,
          );
        }
      } else {
        const key = `${where} ${response.status}`;
        let validate = validators.get(key);
        if (!validate) {
          validate = ajv.compile(rewriteRefs(media.schema));
          validators.set(key, validate);
        }
        if (!validate(JSON.parse(text))) {
          throw new Error(
            `${key}: the body does not match the document: ${ajv.errorsText(validate.errors)}\n${text}`,
          );
        }
      }
      if (response.status >= 200 && response.status < 300) succeeded.add(where);
    },
  };
}
