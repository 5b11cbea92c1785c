/**
 * Every string of every route, read from the generated OpenAPI document so a route added tomorrow
 * is covered without being listed here: a NUL character (U+0000), which PostgreSQL cannot store in
 * text and which used to fail the statement with a 500, must be refused as the caller's mistake
 * (400, or 404 in a path, which names nothing); and the hostile strings open endpoints receive must
 * never answer a 5xx or anything the document does not describe.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../helpers/databases.js';
import { isObject, type Obj } from '../../helpers/openapi.js';
import {
  addSignedInOwner,
  call,
  errorCode,
  type Harness,
  harness,
  type Session,
} from '../routes/editor/harness.js';

const NUL = 'mis\u0000print';

/** One string of one route: the request carrying a value there, and what a NUL there must get. */
interface FieldCase {
  readonly name: string;
  readonly method: string;
  readonly request: (value: string) => { path: string; body?: unknown };
  readonly status: number;
  readonly code: string;
}

/** Strings open endpoints receive in the wild; none may ever answer a 5xx. */
const HOSTILE = [
  "'; DROP TABLE reports; --",
  '<script>alert(1)</script>',
  '\uD800 lone surrogate',
  '\u202Egnp.exe\u202C',
  '../../../etc/passwd',
  '%00%ff',
  '{{7*7}}',
  'x'.repeat(5000),
];

/** A value for a URL; a lone surrogate (which has no UTF-8 form) is sent as its raw CESU-8 bytes. */
function inUrl(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `%ED%A0%80${encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, ''))}`;
  }
}

/** A `$ref` of the document resolved, once. */
function resolve(document: Obj, schema: Obj): Obj {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const components = document.components;
  const schemas = isObject(components) && isObject(components.schemas) ? components.schemas : {};
  const target = schemas[name];
  return isObject(target) ? resolve(document, target) : {};
}

/** The paths (property names, `0` for an array's first item) of every string a schema can hold. */
function stringPaths(document: Obj, raw: Obj, path: string[] = [], depth = 0): string[][] {
  if (depth > 6) return [];
  const schema = resolve(document, raw);
  const found: string[][] = [];
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string')) found.push(path);
  if (isObject(schema.properties)) {
    for (const [key, property] of Object.entries(schema.properties)) {
      if (isObject(property)) found.push(...stringPaths(document, property, [...path, key], depth + 1));
    }
  }
  if (isObject(schema.items)) found.push(...stringPaths(document, schema.items, [...path, '0'], depth + 1));
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    const variants = schema[keyword];
    if (Array.isArray(variants))
      for (const variant of variants)
        if (isObject(variant)) found.push(...stringPaths(document, variant, path, depth + 1));
  }
  const unique = new Map(found.map((p) => [p.join('.'), p]));
  return [...unique.values()];
}

/** A copy of `value` with the string at `path` replaced (objects and arrays made on the way). */
function withValueAt(value: unknown, path: readonly string[], replacement: string): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (/^\d+$/.test(head)) {
    const list = Array.isArray(value) ? [...value] : [];
    list[Number(head)] = withValueAt(list[Number(head)], rest, replacement);
    return list;
  }
  const object: Obj = isObject(value) ? { ...value } : {};
  object[head] = withValueAt(object[head], rest, replacement);
  return object;
}

describeEachDialect('NUL in any string of any route', (t) => {
  let h: Harness;
  let owner: Session;
  let siteId: string;
  let document: Obj;
  const cases: FieldCase[] = [];

  beforeAll(async () => {
    h = harness(t, { PUBLIC_URL: 'https://typos.example' });
    ({ siteId, session: owner } = await addSignedInOwner(h));
    const { key } = await t()
      .db.selectFrom('sites')
      .select('key')
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow();
    document = await (await h.app.request('/api/openapi.json')).json();

    const paths = isObject(document.paths) ? document.paths : {};
    for (const [template, item] of Object.entries(paths)) {
      if (!template.startsWith('/api/') || !isObject(item)) continue;
      for (const [method, operation] of Object.entries(item)) {
        if (!isObject(operation)) continue;
        const parameters = (Array.isArray(operation.parameters) ? operation.parameters : []).filter(isObject);
        // Well-formed ids: the NUL elsewhere must be refused before anything looks them up.
        const concrete = (except?: string, value = NUL) =>
          template
            .replace(/^\/api/, '')
            .replace(/\{(\w+)\}/g, (_, name: string) =>
              name === except ? inUrl(value) : name === 'siteId' ? siteId : randomUUID(),
            );
        const ingest = template === '/api/v1/reports' && method === 'post';
        const bodyCode = ingest ? 'invalid_report' : 'invalid_request';
        const label = `${method.toUpperCase()} ${template}`;
        for (const parameter of parameters) {
          const name = String(parameter.name);
          if (parameter.in === 'path') {
            cases.push({
              name: `${label} path {${name}}`,
              method,
              request: (value) => ({ path: concrete(name, value) }),
              status: 404,
              code: 'not_found',
            });
          }
          if (parameter.in === 'query') {
            cases.push({
              name: `${label} ?${name}`,
              method,
              request: (value) => ({ path: `${concrete()}?${name}=${inUrl(value)}` }),
              status: 400,
              code: 'invalid_request',
            });
          }
        }
        const content = isObject(operation.requestBody) ? operation.requestBody.content : undefined;
        const media = isObject(content) ? Object.values(content).find(isObject) : undefined;
        if (media && isObject(media.schema)) {
          const schema = resolve(document, media.schema);
          const documented = Array.isArray(schema.examples) ? schema.examples.at(-1) : {};
          // A report for this site, from one of its pages, so only the NUL can be wrong with it.
          const example =
            ingest && isObject(documented)
              ? { ...documented, site: key, id: randomUUID(), url: 'https://news.example/budget' }
              : documented;
          for (const path of stringPaths(document, schema)) {
            if (path.length === 0) continue;
            // The honeypot takes anything and answers as if the report were stored.
            const honeypot = ingest && path.join('.') === 'hp';
            cases.push({
              name: `${label} body ${path.join('.')}`,
              method,
              request: (value) => ({ path: concrete(), body: withValueAt(example, path, value) }),
              status: honeypot ? 201 : 400,
              code: honeypot ? '' : bodyCode,
            });
          }
        }
      }
    }
  });

  it('reads routes and string fields from the document', () => {
    const described = new Set(cases.map((c) => c.name.split(' ').slice(0, 2).join(' ')));
    expect(described.size).toBeGreaterThan(20);
    // The fields the review found answering 500.
    for (const name of [
      'POST /api/v1/auth/login body email',
      'GET /api/v1/sites/{siteId}/reports ?q',
      'GET /api/v1/sites/{siteId}/reports ?url',
      'GET /api/v1/sites/{siteId}/reports ?cursor',
      'GET /api/v1/sites/{siteId}/reports/counts ?q',
      'PATCH /api/v1/reports/{id} body note',
      'POST /api/v1/sites body name',
      'POST /api/v1/tokens body name',
      'PATCH /api/v1/sites/{siteId} body settings.cmsUrlTemplate',
      'POST /api/v1/invitations/{token}/accept body name',
    ])
      expect(cases.map((c) => c.name)).toContain(name);
  });

  it('refuses a NUL in every string of every route as the caller’s mistake', async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const { path, body } = c.request(NUL);
      const response = await call(h.app, c.method.toUpperCase(), path, { session: owner }, body);
      const code = response.status >= 400 ? await errorCode(response) : '';
      if (response.status !== c.status || code !== c.code)
        wrong.push(`${c.name}: ${response.status} ${code} (wanted ${c.status} ${c.code})`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers hostile strings in every string of every route without a 5xx or an undocumented answer', async () => {
    const failed: string[] = [];
    for (const c of cases) {
      for (const value of HOSTILE) {
        const { path, body } = c.request(value);
        // call() checks every answer against the document: an undocumented status fails here too.
        const response = await call(h.app, c.method.toUpperCase(), path, { session: owner }, body).catch(
          (error: unknown) => String(error),
        );
        if (typeof response === 'string')
          failed.push(`${c.name} ${JSON.stringify(value.slice(0, 30))}: ${response}`);
        else {
          if (response.status >= 500)
            failed.push(`${c.name} ${JSON.stringify(value.slice(0, 30))}: ${response.status}`);
          await response.arrayBuffer();
        }
      }
    }
    expect(failed).toEqual([]);
  });
});
