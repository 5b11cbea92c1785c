import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';

/** Placeholder until this part is built; mounted by `createApp`. */
export function ingestRoutes(_deps: AppDeps): Hono {
  return new Hono();
}
