import { Hono } from 'hono';
import type { RouteRule, RouteTestResult } from '../../../contract/api.js';
import { RouteTestResultSchema } from '../../../contract/api-schemas.js';
import { assertPermitted, canViewSite } from '../../auth/permissions.js';
import { assignableUsers } from '../../db/queries/assignment.js';
import { testRoutes } from '../../db/queries/routing.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { SiteParams } from '../../schemas/params.js';
import { RouteTestSchema } from '../../schemas/sites.js';
import { route } from '../route.js';
import { memberSite } from './site-access.js';

/**
 * 400 unless every rule's assignee is among `allowed` (the site's owners and editors), with one issue
 * per rule that names someone else, at `path`.
 */
export function assertRouteAssignees(
  routes: readonly RouteRule[],
  allowed: ReadonlySet<string>,
  path: string,
) {
  const issues = routes.flatMap((rule, index) =>
    allowed.has(rule.assignee)
      ? []
      : [{ path: `${path}.${index}.assignee`, message: 'must be an owner or editor of the site' }],
  );
  if (issues.length > 0) throw new ApiError('invalid_request', 'Invalid request body.', { issues });
}

/** 400 unless every rule of a site's new `routes` names one of its owners or editors today. */
export async function assertSiteRoutes(
  deps: AppDeps,
  siteId: string,
  routes: readonly RouteRule[] | undefined,
) {
  if (!routes || routes.length === 0) return;
  const allowed = await assignableUsers(
    deps.db,
    siteId,
    routes.map((rule) => rule.assignee),
  );
  assertRouteAssignees(routes, allowed, 'settings.routes');
}

/** `POST /v1/sites/:siteId/routes/test`: which rule would route a page with this author and section. */
export function routingRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/sites/:siteId/routes/test',
      summary:
        'Which routing rule would assign a page with this author and section (the saved rules, or those sent).',
      tags: ['sites'],
      auth: 'signed-in',
      params: SiteParams,
      body: RouteTestSchema,
      responses: { 200: RouteTestResultSchema },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params, body }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canViewSite(role), 'see the site');
      const result = await testRoutes(deps.db, site.id, body.routes ?? null, body);
      return c.json(result satisfies RouteTestResult);
    },
  );

  return app;
}
