import { Hono } from 'hono';
import type { z } from 'zod';
import type { Page, ReportItem, StatusCounts } from '../../../contract/api.js';
import { requireAuth } from '../../auth/authenticate.js';
import type { AuthEnv } from '../../auth/context.js';
import { assertPermitted, canViewSite } from '../../auth/permissions.js';
import { countReportGroups, listReportGroups, type ReportFilters } from '../../db/queries/inbox.js';
import { withTriage } from '../../db/queries/triage.js';
import { listSitesForUser } from '../../db/queries/sites.js';
import type { AppDeps } from '../../deps.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ReportQuerySchema } from './schemas.js';
import { memberSite } from './site-access.js';
import { queryOf } from './validate.js';

type InboxQuery = z.output<typeof ReportQuerySchema>;

/** The query's filters as the queries take them: `assignee=me` is the caller, `none` is nobody. */
export function inboxFilters(
  query: Omit<InboxQuery, 'sort' | 'cursor' | 'limit'>,
  userId: string,
): ReportFilters {
  return {
    kind: query.kind,
    url: query.url,
    q: query.q,
    assignee: query.assignee === 'me' ? userId : query.assignee === 'none' ? null : query.assignee,
    author: query.author,
    section: query.section,
  };
}

/**
 * The inbox of one site (`/v1/sites/:siteId/reports`) and of every site of the caller
 * (`/v1/reports`), with their counts: the same query, the same answer shape.
 */
export function inboxRoutes(deps: AppDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const auth = requireAuth(deps);

  /** One page of `siteIds`' groups as the API answers it. */
  const page = async (siteIds: readonly string[], query: InboxQuery, userId: string) => {
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor, query.sort);
    const found = await listReportGroups(deps.db, {
      siteIds,
      status: query.status,
      filters: inboxFilters(query, userId),
      sort: query.sort,
      after,
      limit: query.limit,
    });
    return {
      items: await withTriage(deps.db, found.items, deps.now()),
      nextCursor: found.next ? encodeCursor(found.next) : null,
    } satisfies Page<ReportItem>;
  };

  /** The ids of the sites the caller may see reports of. */
  const visibleSites = async (userId: string) =>
    (await listSitesForUser(deps.db, userId))
      .filter(({ role }) => canViewSite(role))
      .map(({ site }) => site.id);

  app.get('/v1/sites/:siteId/reports', auth, queryOf(ReportQuerySchema), async (c) => {
    const query = c.req.valid('query');
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canViewSite(role), 'see reports');
    return c.json(await page([site.id], query, c.var.auth.user.id));
  });

  app.get('/v1/sites/:siteId/reports/counts', auth, queryOf(ReportQuerySchema), async (c) => {
    const query = c.req.valid('query');
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canViewSite(role), 'see reports');
    const counts = await countReportGroups(deps.db, [site.id], inboxFilters(query, c.var.auth.user.id));
    return c.json(counts satisfies StatusCounts);
  });

  app.get('/v1/reports', auth, queryOf(ReportQuerySchema), async (c) => {
    const query = c.req.valid('query');
    const sites = await visibleSites(c.var.auth.user.id);
    if (sites.length === 0) return c.json({ items: [], nextCursor: null } satisfies Page<ReportItem>);
    return c.json(await page(sites, query, c.var.auth.user.id));
  });

  app.get('/v1/reports/counts', auth, queryOf(ReportQuerySchema), async (c) => {
    const query = c.req.valid('query');
    const sites = await visibleSites(c.var.auth.user.id);
    const counts = await countReportGroups(deps.db, sites, inboxFilters(query, c.var.auth.user.id));
    return c.json(counts satisfies StatusCounts);
  });

  return app;
}
