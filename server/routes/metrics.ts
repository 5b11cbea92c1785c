import { createHash, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { renderMetrics } from '../metrics/metrics.js';
import { isLoopbackRequest } from '../services/client-address.js';
import { route } from './route.js';

/** A digest to compare, so the comparison takes the same time whatever the lengths. */
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Who may scrape: with METRICS_TOKEN, whoever sends it as a Bearer token (from anywhere); without
 * it, processes on this machine only.
 */
function checkScraper(c: Context, config: Config): void {
  if (config.metricsToken) {
    const sent = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!sent || !timingSafeEqual(digest(sent), digest(config.metricsToken))) {
      throw new ApiError('unauthenticated', 'Send the metrics token as a Bearer token.', {
        headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
      });
    }
    return;
  }
  if (!isLoopbackRequest(c)) {
    throw new ApiError(
      'forbidden',
      'Metrics answer this machine only; set METRICS_TOKEN to scrape from elsewhere.',
    );
  }
}

/** `GET /metrics`: the Prometheus text format, for the scraper {@link checkScraper} admits. */
export function metricsRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  route(
    app,
    deps,
    {
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics (text format): with METRICS_TOKEN as a Bearer token, else loopback only.',
      tags: ['operations'],
      auth: 'public',
      database: false,
      responses: {
        200: {
          description: 'The metrics.',
          schema: z.string(),
          mediaType: ['text/plain', 'application/openmetrics-text'],
        },
      },
      errors: ['unauthenticated', 'forbidden'],
    },
    async (c) => {
      checkScraper(c, deps.config);
      const text = await renderMetrics(deps.metrics);
      return c.body(text, 200, {
        'Content-Type': deps.metrics.registry.contentType,
        'Cache-Control': 'no-store',
      });
    },
  );
  return app;
}
