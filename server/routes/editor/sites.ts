import { Hono } from 'hono';
import type { Site, SiteSettings } from '../../../contract/api.js';
import { requireAuth } from '../../auth/authenticate.js';
import type { AuthEnv } from '../../auth/context.js';
import { assertPermitted, canManageSite } from '../../auth/permissions.js';
import {
  createSite,
  deleteSite,
  listSitesForUser,
  siteSettings,
  toSite,
  updateSite,
} from '../../db/queries/sites.js';
import type { AppDeps } from '../../deps.js';
import { SiteInputSchema, SitePatchSchema } from './schemas.js';
import { memberSite, publicOrigin } from './site-access.js';
import { jsonBody } from './validate.js';

/** Stored settings with a request's partial settings laid over them. */
function mergeSettings(
  stored: SiteSettings,
  change: {
    maxSelection?: number;
    cmsUrlTemplate?: string | null;
    retentionDays?: number | null;
    rateLimits?: Partial<SiteSettings['rateLimits']>;
  },
): SiteSettings {
  return {
    maxSelection: change.maxSelection ?? stored.maxSelection,
    cmsUrlTemplate: change.cmsUrlTemplate === undefined ? stored.cmsUrlTemplate : change.cmsUrlTemplate,
    retentionDays: change.retentionDays === undefined ? stored.retentionDays : change.retentionDays,
    rateLimits: { ...stored.rateLimits, ...change.rateLimits },
  };
}

/** `/v1/sites` and `/v1/sites/:siteId`: the caller's sites; owners edit and delete them. */
export function siteRoutes(deps: AppDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const auth = requireAuth(deps);

  app.get('/v1/sites', auth, async (c) => {
    const origin = publicOrigin(deps, c);
    const sites = await listSitesForUser(deps.db, c.var.auth.user.id);
    return c.json(sites.map(({ site, role }) => toSite(site, role, origin)) satisfies Site[]);
  });

  app.post('/v1/sites', auth, jsonBody(SiteInputSchema), async (c) => {
    const input = c.req.valid('json');
    const site = await createSite(deps.db, {
      name: input.name,
      origins: input.origins,
      ownerId: c.var.auth.user.id,
      settings: mergeSettings(siteSettings(undefined), input.settings ?? {}),
    });
    return c.json(toSite(site, 'owner', publicOrigin(deps, c)) satisfies Site, 201);
  });

  app.get('/v1/sites/:siteId', auth, async (c) => {
    const { site, role } = await memberSite(deps, c, c.var.auth);
    return c.json(toSite(site, role, publicOrigin(deps, c)) satisfies Site);
  });

  app.patch('/v1/sites/:siteId', auth, jsonBody(SitePatchSchema), async (c) => {
    const input = c.req.valid('json');
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canManageSite(role), 'change the site');
    const updated = await updateSite(deps.db, site.id, {
      name: input.name,
      origins: input.origins,
      settings: input.settings ? mergeSettings(siteSettings(site.settings), input.settings) : undefined,
      now: deps.now(),
    });
    return c.json(toSite(updated, role, publicOrigin(deps, c)) satisfies Site);
  });

  app.delete('/v1/sites/:siteId', auth, async (c) => {
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canManageSite(role), 'delete the site');
    await deleteSite(deps.db, site.id);
    return c.body(null, 204);
  });

  return app;
}
