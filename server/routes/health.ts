import { Hono } from 'hono';
import { z } from 'zod';
import { pingDatabase } from '../db/connect.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { route } from './route.js';

/** `/healthz` (the process is up) and `/readyz` (the database answers: send traffic here). */
export function healthRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/healthz',
      summary: 'Liveness: the process is up (the database is not asked).',
      tags: ['operations'],
      auth: 'public',
      database: false,
      responses: { 200: z.object({ status: z.literal('ok') }) },
    },
    (c) => c.json({ status: 'ok' as const }),
  );

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: the database answers, so this process can take traffic.',
      tags: ['operations'],
      auth: 'public',
      responses: {
        200: z.object({ status: z.literal('ready'), database: z.enum(['postgres', 'pglite']) }),
      },
      errors: ['unavailable'],
    },
    async (c) => {
      if (!(await pingDatabase(deps.db))) {
        throw new ApiError('unavailable', 'The database does not answer.', {
          headers: { 'Retry-After': '5' },
        });
      }
      return c.json({ status: 'ready' as const, database: deps.dialect });
    },
  );

  return app;
}
