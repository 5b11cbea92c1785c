import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../../server/app.js';
import { loadConfig } from '../../../../server/config.js';
import type { Database } from '../../../../server/db/schema.js';
import { appDeps } from '../../../../server/deps.js';
import { createLogger } from '../../../../server/logger.js';
import { editorRoutes } from '../../../../server/routes/editor.js';

/** Routes are only listed here, never called: a database that cannot connect is enough. */
const deps = appDeps({
  db: new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }),
  dialect: 'postgres' as const,
  config: loadConfig({ LOG_LEVEL: 'silent' }),
  logger: createLogger('silent'),
  now: () => new Date(),
});

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
}

/** `/v1/sites/:siteId` → `/v1/sites/{siteId}`. */
function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document', async () => {
    const response = await createApp(deps).request('/api/openapi.json');
    expect(response.status).toBe(200);
    const doc: OpenApiDocument = await response.json();
    expect(doc.openapi).toBe('3.1.0');
  });

  it('describes every route the editor API mounts, with its method', async () => {
    const doc: OpenApiDocument = await (await createApp(deps).request('/api/openapi.json')).json();
    const mounted = editorRoutes(deps)
      .routes.filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`);
    expect(mounted.length).toBeGreaterThan(20);
    const described = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m} ${path}`),
    );
    expect(described).toEqual(expect.arrayContaining([...new Set(mounted)]));
  });

  it('describes only routes that exist', async () => {
    const doc: OpenApiDocument = await (await createApp(deps).request('/api/openapi.json')).json();
    const mounted = new Set(
      createApp(deps)
        .routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
        .map(
          (r) => `${r.method.toLowerCase()} ${openApiPath(r.path.slice('/api'.length)).replace(/\/$/, '')}`,
        ),
    );
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) expect(mounted).toContain(`${method} ${path}`);
    }
  });

  it('describes the ingest route', async () => {
    const doc: OpenApiDocument = await (await createApp(deps).request('/api/openapi.json')).json();
    expect(Object.keys(doc.paths['/v1/reports'] ?? {})).toContain('post');
  });

  it('resolves every schema reference', async () => {
    const text = await (await createApp(deps).request('/api/openapi.json')).text();
    const doc: { components: { schemas: Record<string, unknown> } } = JSON.parse(text);
    const refs = [...text.matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1] ?? '');
    for (const name of new Set(refs)) expect(Object.keys(doc.components.schemas)).toContain(name);
  });
});
