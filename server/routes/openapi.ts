import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { OpenApiDocumentSchema, openApiDocument } from '../openapi/document.js';
import { route } from './route.js';

/** `GET /api/openapi.json`: the OpenAPI 3.1 document of `root`, generated from its route declarations. */
export function openApiRoutes(deps: AppDeps, root: Hono): Hono {
  const app = new Hono();
  route(
    app,
    deps,
    {
      method: 'get',
      path: '/openapi.json',
      summary: 'This document: OpenAPI 3.1, generated from the schemas the server validates with.',
      tags: ['operations'],
      auth: 'public',
      database: false,
      responses: { 200: OpenApiDocumentSchema },
    },
    (c) => c.json(openApiDocument(root)),
  );
  return app;
}
