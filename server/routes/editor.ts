import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { accountRoutes } from './editor/account.js';
import { authRoutes } from './editor/auth.js';
import { channelRoutes } from './editor/channels.js';
import { exportRoutes } from './editor/export.js';
import { inboxRoutes } from './editor/inbox.js';
import { invitationLinkRoutes } from './editor/invitations.js';
import { meRoutes } from './editor/me.js';
import { memberRoutes } from './editor/members.js';
import { notificationRoutes } from './editor/notifications.js';
import { reportRoutes } from './editor/reports.js';
import { routingRoutes } from './editor/routing.js';
import { siteRoutes } from './editor/sites.js';
import { triageRoutes } from './editor/triage.js';

/**
 * The editor API, mounted at `/api`. Each sub-app declares its routes with `route()` (full paths
 * under `/v1`), which authenticates and validates each one and puts it in the OpenAPI document.
 */
export function editorRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  app.route('/', authRoutes(deps));
  app.route('/', meRoutes(deps));
  app.route('/', accountRoutes(deps));
  app.route('/', siteRoutes(deps));
  app.route('/', memberRoutes(deps));
  app.route('/', invitationLinkRoutes(deps));
  // Before reportRoutes: `/v1/reports/counts` and `/v1/sites/:siteId/reports/export` must not be
  // taken for a report id.
  app.route('/', inboxRoutes(deps));
  app.route('/', exportRoutes(deps));
  app.route('/', reportRoutes(deps));
  app.route('/', routingRoutes(deps));
  app.route('/', triageRoutes(deps));
  app.route('/', notificationRoutes(deps));
  app.route('/', channelRoutes(deps));
  return app;
}
