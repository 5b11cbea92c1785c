import { createHash, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';
import { type Metrics, renderMetrics } from '../metrics/metrics.js';
import { isLoopbackRequest } from '../services/client-address.js';

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
export function metricsRoutes(config: Config, metrics: Metrics): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    checkScraper(c, config);
    const text = await renderMetrics(metrics);
    return c.body(text, 200, {
      'Content-Type': metrics.registry.contentType,
      'Cache-Control': 'no-store',
    });
  });
  return app;
}
