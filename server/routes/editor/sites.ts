import { Hono } from 'hono';
import { z } from 'zod';
import type { Site, SiteSettings } from '../../../contract/api.js';
import { SiteSchema } from '../../../contract/api-schemas.js';
import { assertPermitted, canManageSite } from '../../auth/permissions.js';
import { publicOrigin } from '../../bootstrap.js';
import {
  createSite,
  deleteSite,
  listSitesForUser,
  siteSettings,
  toSite,
  updateSite,
} from '../../db/queries/sites.js';
import type { AppDeps } from '../../deps.js';
import { SiteParams } from '../../schemas/params.js';
import { SiteInputSchema, SitePatchSchema } from '../../schemas/sites.js';
import { route } from '../route.js';
import { assertRouteAssignees, assertSiteRoutes } from './routing.js';
import { memberSite } from './site-access.js';

/** Stored settings with a request's partial settings laid over them; `routes` replace the stored list. */
function mergeSettings(
  stored: SiteSettings,
  change: {
    maxSelection?: number;
    cmsUrlTemplate?: string | null;
    retentionDays?: number | null;
    rateLimits?: Partial<SiteSettings['rateLimits']>;
    routes?: SiteSettings['routes'];
    timezone?: string;
  },
): SiteSettings {
  return {
    maxSelection: change.maxSelection ?? stored.maxSelection,
    cmsUrlTemplate: change.cmsUrlTemplate === undefined ? stored.cmsUrlTemplate : change.cmsUrlTemplate,
    retentionDays: change.retentionDays === undefined ? stored.retentionDays : change.retentionDays,
    rateLimits: { ...stored.rateLimits, ...change.rateLimits },
    routes: change.routes ?? stored.routes,
    timezone: change.timezone ?? stored.timezone,
  };
}

/** `/v1/sites` and `/v1/sites/:siteId`: the caller's sites; owners edit and delete them. */
export function siteRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/sites',
      summary: 'The caller’s sites, by name.',
      tags: ['sites'],
      auth: 'signed-in',
      responses: { 200: z.array(SiteSchema) },
    },
    async (c, { auth }) => {
      const origin = publicOrigin(deps.config);
      const sites = await listSitesForUser(deps.db, auth.user.id);
      return c.json(sites.map(({ site, role }) => toSite(site, role, origin)) satisfies Site[]);
    },
  );

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/sites',
      summary: 'Create a site; the caller becomes its owner.',
      tags: ['sites'],
      auth: 'signed-in',
      body: SiteInputSchema,
      responses: { 201: { description: 'Created.', schema: SiteSchema } },
    },
    async (c, { auth, body }) => {
      // The creator is the new site's only member, so the only person a rule may name yet.
      assertRouteAssignees(body.settings?.routes ?? [], new Set([auth.user.id]), 'settings.routes');
      const site = await createSite(deps.db, {
        name: body.name,
        origins: body.origins,
        ownerId: auth.user.id,
        settings: mergeSettings(siteSettings(undefined), body.settings ?? {}),
      });
      return c.json(toSite(site, 'owner', publicOrigin(deps.config)) satisfies Site, 201);
    },
  );

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/sites/:siteId',
      summary: 'A site the caller belongs to.',
      tags: ['sites'],
      auth: 'signed-in',
      params: SiteParams,
      responses: { 200: SiteSchema },
      errors: ['not_found'],
    },
    async (c, { auth, params }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      return c.json(toSite(site, role, publicOrigin(deps.config)) satisfies Site);
    },
  );

  route(
    app,
    deps,
    {
      method: 'patch',
      path: '/v1/sites/:siteId',
      summary: 'Change a site’s name, origins or settings (owners); settings merge into the stored ones.',
      tags: ['sites'],
      auth: 'signed-in',
      params: SiteParams,
      body: SitePatchSchema,
      responses: { 200: SiteSchema },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params, body }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canManageSite(role), 'change the site');
      await assertSiteRoutes(deps, site.id, body.settings?.routes);
      const updated = await updateSite(deps.db, site.id, {
        name: body.name,
        origins: body.origins,
        settings: body.settings ? mergeSettings(siteSettings(site.settings), body.settings) : undefined,
        now: deps.now(),
      });
      return c.json(toSite(updated, role, publicOrigin(deps.config)) satisfies Site);
    },
  );

  route(
    app,
    deps,
    {
      method: 'delete',
      path: '/v1/sites/:siteId',
      summary: 'Delete a site with all its reports (owners).',
      tags: ['sites'],
      auth: 'signed-in',
      params: SiteParams,
      responses: { 204: null },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canManageSite(role), 'delete the site');
      await deleteSite(deps.db, site.id);
      return c.body(null, 204);
    },
  );

  return app;
}
