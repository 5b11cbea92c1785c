import { Hono } from 'hono';
import { type AppDepsInput, appDeps } from './deps.js';
import { errorBody, renderError } from './errors.js';
import { recordIngest } from './metrics/ingest.js';
import { securityHeaders } from './middleware/security-headers.js';
import { assetRoutes } from './routes/assets.js';
import { editorRoutes } from './routes/editor.js';
import { healthRoutes } from './routes/health.js';
import { ingestRoutes } from './routes/ingest.js';
import { metricsRoutes } from './routes/metrics.js';
import { openApiRoutes } from './routes/openapi.js';
import { reportStatusRoutes } from './routes/report-status.js';
import { unsubscribeRoutes } from './routes/unsubscribe.js';

/** Builds the whole HTTP application: ingest, editor API, static assets, health checks and metrics. */
export function createApp(input: AppDepsInput): Hono {
  const deps = appDeps(input);
  const app = new Hono();
  app.onError((error, c) => renderError(error, c, deps.logger));
  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404));
  app.use(securityHeaders({ publicUrl: deps.config.publicUrl }));

  app.route('/', healthRoutes(deps));
  app.route('/', metricsRoutes(deps));
  app.route('/api/v1/reports/status', reportStatusRoutes(deps));
  app.use('/api/v1/reports', recordIngest(deps.metrics));
  app.route('/api/v1/reports', ingestRoutes(deps));
  app.route('/api', editorRoutes(deps));
  app.route('/api', unsubscribeRoutes(deps));
  app.route('/api', openApiRoutes(deps, app));
  app.route('/', assetRoutes(deps));
  return app;
}
