import { Hono } from 'hono';
import { pingDatabase } from '../db/connect.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';

/** `/healthz` (the process is up) and `/readyz` (the database answers: send traffic here). */
export function healthRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (!(await pingDatabase(deps.db))) {
      throw new ApiError('unavailable', 'The database does not answer.', { headers: { 'Retry-After': '5' } });
    }
    return c.json({ status: 'ready', database: deps.dialect });
  });
  return app;
}
