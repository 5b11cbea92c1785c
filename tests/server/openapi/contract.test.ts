/**
 * The document and the validators must agree: every request example of the document, and values
 * at and just past every limit it states (lengths in code points, ranges, sizes of lists, enums,
 * required fields, wrong types, unknown fields), get the same verdict from the zod schema the
 * server validates with and from the document's JSON Schema (Ajv). A limit changed on one side
 * only, or counted in other units, fails here.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildDocument, operationsOf } from '../../../server/openapi/document.js';
import { isSchema, type Schema } from '../../../server/routes/route.js';
import { offlineApp } from '../../helpers/offline-app.js';
import { documentAjv, isObject, type Obj, rewriteRefs } from '../../helpers/openapi.js';

/**
 * Rules a JSON Schema of each field cannot state (between fields, or on the form that is stored);
 * the description says them. Only values at a limit of these fields are left out (the limits
 * themselves are still compared).
 */
const BETWEEN_FIELDS: Record<string, string> = {
  'POST /api/v1/reports position.start': 'end must not be before start',
  'POST /api/v1/reports position.end': 'end must not be before start',
  'POST /api/v1/reports url': 'the length limit holds for the percent-encoded form that is stored',
};

/** One value to feed both validators, and the verdict both must give. */
interface Candidate {
  what: string;
  value: unknown;
  /** Null: the verdict depends on a rule between fields (`anyOf`); both must only agree. */
  accept: boolean | null;
}

/** A copy of `root` with `path` set to `value` (or removed when `value` is `REMOVE`). */
const REMOVE = Symbol('remove');
function withValue(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root) && typeof head === 'number') {
    const copy = [...root];
    copy[head] = withValue(root[head], rest, value);
    return copy;
  }
  const copy: Obj = { ...(isObject(root) ? root : {}) };
  const key = String(head);
  if (rest.length === 0 && value === REMOVE) delete copy[key];
  else copy[key] = withValue(copy[key], rest, value);
  return copy;
}

/** Code points, the unit JSON Schema's lengths count. */
const length = (value: string) => [...value].length;

/** The string branch of a schema (`type: string`, or a nullable one). */
function stringSchema(schema: Obj): Obj | undefined {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string')) return schema;
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf.filter(isObject) : [];
  return branches.find((branch) => branch.type === 'string');
}

/** Values at and past the limits of one field whose current (valid) value is `value`. */
function fieldCandidates(schema: Obj, value: unknown, atLimitsToo: boolean, query: boolean): Candidate[] {
  const out: Candidate[] = [];
  const text = stringSchema(schema);
  if (Array.isArray(schema.enum)) {
    for (const member of schema.enum) out.push({ what: `enum ${member}`, value: member, accept: true });
    out.push({ what: 'not in the enum', value: 'not-a-member', accept: false });
  } else if (text && typeof value === 'string') {
    // A query string has no types: every value arrives as a string.
    if (!query) out.push({ what: 'a number', value: 42, accept: false });
    const max = typeof text.maxLength === 'number' ? text.maxLength : undefined;
    const min = typeof text.minLength === 'number' ? text.minLength : 0;
    // An e-mail address cannot be lengthened without leaving the format: its limits are not probed.
    if (max !== undefined && text.format !== 'email' && length(value) < max) {
      const room = max - length(value);
      if (atLimitsToo) {
        out.push({ what: `${max} characters`, value: value + 'x'.repeat(room), accept: true });
        out.push({ what: `${max} characters, astral`, value: value + '😀'.repeat(room), accept: true });
      }
      out.push({ what: `${max + 1} characters`, value: value + 'x'.repeat(room + 1), accept: false });
      out.push({
        what: `${max + 1} characters, astral`,
        value: value + '😀'.repeat(room + 1),
        accept: false,
      });
    }
    if (min >= 1) out.push({ what: `${min - 1} characters`, value: 'x'.repeat(min - 1), accept: false });
    if (min >= 1 && text.pattern === '\\S')
      out.push({ what: 'white space only', value: '   ', accept: false });
  } else if (schema.type === 'integer') {
    const { minimum, maximum } = schema;
    if (typeof minimum === 'number') {
      if (atLimitsToo) out.push({ what: `minimum ${minimum}`, value: minimum, accept: true });
      out.push({ what: `below ${minimum}`, value: minimum - 1, accept: false });
    }
    if (typeof maximum === 'number' && maximum < Number.MAX_SAFE_INTEGER) {
      if (atLimitsToo) out.push({ what: `maximum ${maximum}`, value: maximum, accept: true });
      out.push({ what: `above ${maximum}`, value: maximum + 1, accept: false });
    }
    out.push({ what: 'a fraction', value: (typeof minimum === 'number' ? minimum : 0) + 0.5, accept: false });
  } else if (schema.type === 'boolean') {
    out.push({ what: 'true', value: true, accept: true }, { what: 'a string', value: 'yes', accept: false });
  }
  return out;
}

/**
 * The branch of a union of objects (`oneOf`, as a discriminated union converts) that describes the
 * value: its required fields are there and its constants match. Walking that branch checks the
 * limits of the shape the example has.
 */
function unionBranch(node: Obj, value: unknown): Obj | undefined {
  const branches = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : null;
  if (!branches || !isObject(value)) return undefined;
  return branches.filter(isObject).find((branch) => {
    if (!isObject(branch.properties)) return false;
    const required = Array.isArray(branch.required) ? branch.required : [];
    if (!required.every((name) => typeof name === 'string' && name in value)) return false;
    return Object.entries(branch.properties).every(
      ([name, property]) => !isObject(property) || !('const' in property) || value[name] === property.const,
    );
  });
}

/** Every candidate for a request part, walking its schema alongside a valid example. */
function candidates(
  where: string,
  schema: Obj,
  example: unknown,
  query: boolean,
): Array<Candidate & { path: string }> {
  const out: Array<Candidate & { path: string }> = [];
  const visit = (node: Obj, value: unknown, path: (string | number)[]) => {
    const dotted = path.join('.');
    const add = (c: Candidate, at: (string | number)[] = path) =>
      out.push({ ...c, path: at.join('.'), value: withValue(example, at, c.value) });
    const variant = unionBranch(node, value);
    if (variant) {
      visit(variant, value, path);
      return;
    }
    if (isObject(node.properties) && isObject(value)) {
      const required = Array.isArray(node.required) ? node.required : [];
      add({ what: 'an unknown field', value: { ...value, someFieldFromANewerClient: 1 }, accept: true });
      for (const [name, property] of Object.entries(node.properties)) {
        if (!(name in value) || !isObject(property)) continue;
        const accept = Array.isArray(node.anyOf) ? null : !required.includes(name);
        add({ what: `without ${name}`, value: REMOVE, accept }, [...path, name]);
        visit(property, value[name], [...path, name]);
      }
    } else if (node.type === 'array' && Array.isArray(value) && value.length > 0) {
      if (typeof node.maxItems === 'number') {
        add({ what: `${node.maxItems} items`, value: Array(node.maxItems).fill(value[0]), accept: true });
        add({
          what: `${node.maxItems + 1} items`,
          value: Array(node.maxItems + 1).fill(value[0]),
          accept: false,
        });
      }
      if (typeof node.minItems === 'number' && node.minItems > 0)
        add({ what: 'no items', value: [], accept: false });
      if (isObject(node.items)) visit(node.items, value[0], [...path, 0]);
    } else {
      for (const c of fieldCandidates(node, value, !(`${where} ${dotted}` in BETWEEN_FIELDS), query)) add(c);
    }
  };
  visit(schema, example, []);
  return out;
}

/** The example with the most fields, the best start for walking every field. */
function richest(examples: unknown[]): unknown {
  return [...examples].sort((a, b) => JSON.stringify(b).length - JSON.stringify(a).length)[0];
}

/** Every request part of the app that has a schema: the body, or the query (as a browser sends it). */
function requestParts() {
  const app = offlineApp();
  const document = buildDocument(app);
  const parts: Array<{ where: string; zod: Schema; json: Obj; examples: unknown[]; query: boolean }> = [];
  for (const { path, method, spec } of operationsOf(app)) {
    const where = `${method.toUpperCase()} ${path}`;
    const operation = document.paths[path]?.[method];
    if (!isObject(operation)) throw new Error(`${where} is not in the document`);
    if (spec.body) {
      const content = isObject(operation.requestBody) ? operation.requestBody.content : undefined;
      const media = isObject(content) ? Object.values(content)[0] : undefined;
      if (!isObject(media) || !isObject(media.schema)) throw new Error(`${where}: no body schema`);
      const examples = Array.isArray(media.schema.examples) ? media.schema.examples : [];
      parts.push({
        where,
        zod: isSchema(spec.body) ? spec.body : spec.body.schema,
        json: media.schema,
        examples,
        query: false,
      });
    }
    if (spec.query) {
      const params = (Array.isArray(operation.parameters) ? operation.parameters : [])
        .filter(isObject)
        .filter((p) => p.in === 'query');
      const json: Obj = {
        type: 'object',
        properties: Object.fromEntries(params.map((p) => [String(p.name), p.schema])),
        required: params.filter((p) => p.required).map((p) => String(p.name)),
      };
      const example = Object.fromEntries(
        params.filter((p) => 'example' in p).map((p) => [String(p.name), p.example]),
      );
      parts.push({ where: `${where} (query)`, zod: spec.query, json, examples: [example], query: true });
    }
  }
  return { document, parts };
}

/** A query as the server receives it: every value a string. */
function asQuery(value: unknown): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]),
  );
}

const { document, parts } = requestParts();
const ajv = documentAjv(document);

describe('the document and the request validators agree', () => {
  it('covers every request body and query', () => {
    expect(parts.length).toBeGreaterThanOrEqual(12);
  });

  for (const part of parts) {
    describe(part.where, () => {
      const validate = ajv.compile(rewriteRefs(part.json));
      const verdicts = (value: unknown) => ({
        document: validate(value) === true,
        server: z.safeParse(part.zod, part.query ? asQuery(value) : value).success,
      });

      it('has examples, and both accept each of them', () => {
        expect(part.examples.length).toBeGreaterThan(0);
        for (const example of part.examples) {
          expect(verdicts(example), JSON.stringify(example)).toEqual({ document: true, server: true });
        }
      });

      it('gives the same verdict at and past every limit the document states', () => {
        const base = richest(part.examples);
        const cases = candidates(part.where, part.json, base, part.query);
        expect(cases.length).toBeGreaterThan(0);
        const disagreements = cases
          .map((c) => ({ field: c.path, case: c.what, expected: c.accept, ...verdicts(c.value) }))
          .filter((r) => r.document !== r.server || (r.expected !== null && r.document !== r.expected));
        expect(disagreements).toEqual([]);
      });
    });
  }
});
