import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildDocument, type OpenApiDocument, openApiPath } from '../../../server/openapi/document.js';
import { assetRoutes } from '../../../server/routes/assets.js';
import { route } from '../../../server/routes/route.js';
import { offlineApp, offlineDeps } from '../../helpers/offline-app.js';
import { documentAjv, isObject, type Obj, rewriteRefs } from '../../helpers/openapi.js';

/** `get /api/v1/sites/{siteId}` for every route an app serves, middleware and static assets aside. */
function served(app: Hono): Set<string> {
  const assets = new Set(assetRoutes(offlineDeps()).routes.map((r) => `${r.method} ${r.path}`));
  return new Set(
    app.routes
      .filter((r) => r.method !== 'ALL' && !assets.has(`${r.method} ${r.path}`))
      .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`),
  );
}

/** `get /api/v1/sites/{siteId}` for every operation of a document. */
function described(document: OpenApiDocument): Set<string> {
  return new Set(
    Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`)),
  );
}

/** The routes an app serves that its document leaves out. */
function undocumented(app: Hono): string[] {
  const documented = described(buildDocument(app));
  return [...served(app)].filter((route) => !documented.has(route));
}

/** Every operation object of a document with where it is. */
function operations(document: OpenApiDocument): Array<[string, Obj]> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): [string, Obj] => {
      if (!isObject(op)) throw new Error(`${method} ${path}`);
      return [`${method} ${path}`, op];
    }),
  );
}

describe('the OpenAPI document', () => {
  const app = offlineApp();
  const document = buildDocument(app);

  it('is served at /api/openapi.json as OpenAPI 3.1', async () => {
    const response = await app.request('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(document)));
    expect(document.openapi).toBe('3.1.0');
  });

  it('describes every route the app serves, with its method', () => {
    expect(served(app).size).toBeGreaterThan(20);
    expect(undocumented(app)).toEqual([]);
  });

  it('describes only routes the app serves', () => {
    const routes = served(app);
    expect([...described(document)].filter((op) => !routes.has(op))).toEqual([]);
  });

  it('finds a route added without a declaration', () => {
    const changed = offlineApp();
    changed.get('/api/v1/extra', (c) => c.json({}));
    expect(undocumented(changed)).toEqual(['get /api/v1/extra']);
  });

  it('puts a route where its sub-app is mounted', () => {
    const deps = offlineDeps();
    const things = new Hono();
    route(
      things,
      deps,
      {
        method: 'get',
        path: '/things/:id',
        summary: 'A thing.',
        tags: ['things'],
        auth: 'public',
        params: z.object({ id: z.string() }),
        responses: { 200: z.object({ id: z.string() }) },
      },
      (c, { params }) => c.json({ id: params.id }),
    );
    const root = new Hono().route('/api/v2', new Hono().route('/', things));
    expect(Object.keys(buildDocument(root).paths)).toEqual(['/api/v2/things/{id}']);
  });

  it('documents an answer in several media types, as an export that a query lets pick', () => {
    const deps = offlineDeps();
    const files = new Hono();
    route(
      files,
      deps,
      {
        method: 'get',
        path: '/export',
        summary: 'An export.',
        tags: ['files'],
        auth: 'public',
        responses: {
          200: {
            description: 'The rows.',
            schema: z.string(),
            mediaType: ['text/csv', 'application/x-ndjson'],
          },
        },
      },
      (c) => c.body('id\n', 200, { 'Content-Type': 'text/csv' }),
    );
    const content = JSON.parse(JSON.stringify(buildDocument(files).paths['/export']?.get)).responses['200']
      .content;
    expect(Object.keys(content)).toEqual(['text/csv', 'application/x-ndjson']);
  });

  it('has schemas a strict JSON Schema validator compiles, and references that resolve', () => {
    const ajv = documentAjv(document);
    for (const [where, op] of operations(document)) {
      const schemas = JSON.stringify(op).match(/"schema":/g) ?? [];
      expect(schemas.length, where).toBeGreaterThan(0);
      const walk = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(walk);
        else if (typeof value === 'object' && value !== null) {
          for (const [key, inner] of Object.entries(value)) {
            if (key === 'schema') expect(() => ajv.compile(rewriteRefs(inner)), where).not.toThrow();
            else walk(inner);
          }
        }
      };
      walk(op);
    }
  });

  it('documents the error shape for every error status of every operation', () => {
    for (const [where, op] of operations(document)) {
      const responses = Object.entries(isObject(op.responses) ? op.responses : {});
      expect(
        responses.some(([status]) => status.startsWith('2')),
        where,
      ).toBe(true);
      for (const [status, response] of responses) {
        if (Number(status) < 400) continue;
        expect(JSON.stringify(response), `${where} ${status}`).toContain('#/components/schemas/ErrorBody');
      }
    }
  });

  it('says what the ingest route really accepts: context required, unknown fields allowed, the limits', () => {
    const post = document.paths['/api/v1/reports']?.post;
    const text = JSON.stringify(post);
    const body = JSON.parse(text).requestBody.content['text/plain'].schema;
    expect(body.properties.quote.required).toEqual(['exact', 'prefix', 'suffix']);
    expect(body.properties.quote.properties.prefix.maxLength).toBe(256);
    expect(body.properties.quote.properties.exact).toMatchObject({ minLength: 1, maxLength: 1000 });
    expect(text).not.toContain('"additionalProperties":false');
    expect(JSON.parse(text).description).toMatch(/Origin header/);
    expect(JSON.parse(text).description).toMatch(/10 reports a minute and 100 a day per client/);
    expect(Object.keys(JSON.parse(text).responses)).toEqual(
      expect.arrayContaining(['200', '201', '400', '403', '404', '413', '415', '429', '503']),
    );
  });

  it('states the maxima of a site’s origins and rate limits', () => {
    const post = JSON.parse(JSON.stringify(document.paths['/api/v1/sites']?.post));
    const site = post.requestBody.content['application/json'].schema;
    expect(site.properties.origins.maxItems).toBe(50);
    expect(site.properties.settings.properties.rateLimits.properties.clientPerMinute.maximum).toBe(10_000);
    expect(JSON.stringify(post.requestBody)).not.toContain('"additionalProperties":false');
  });

  it('names the answers’ schemas after the contract’s types', () => {
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Site', 'Me', 'ReportItem', 'ReportDetail', 'ErrorBody', 'ReportAccepted']),
    );
    const site = JSON.stringify(document.paths['/api/v1/sites/{siteId}']?.get);
    expect(site).toContain('"$ref":"#/components/schemas/Site"');
  });
});
