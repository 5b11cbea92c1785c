import { Hono } from 'hono';
import type { z } from 'zod';
import { COUNT_CAP, type Page, type ReportItem, type StatusCounts } from '../../../contract/api.js';
import { ReportPageSchema, StatusCountsSchema } from '../../../contract/api-schemas.js';
import { assertPermitted, canViewSite } from '../../auth/permissions.js';
import { countReportGroups, listReportGroups, type ReportFilters } from '../../db/queries/inbox.js';
import { listSitesForUser } from '../../db/queries/sites.js';
import { withTriage } from '../../db/queries/triage.js';
import type { AppDeps } from '../../deps.js';
import { SiteParams } from '../../schemas/params.js';
import { ReportFilterSchema, ReportQuerySchema } from '../../schemas/reports.js';
import { route } from '../route.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { memberSite } from './site-access.js';

type InboxQuery = z.output<typeof ReportQuerySchema>;

/** The query's filters as the queries take them: `assignee=me` is the caller, `none` is nobody. */
export function inboxFilters(
  query: Omit<InboxQuery, 'status' | 'sort' | 'cursor' | 'limit'>,
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

/** The counts' summary, the same for one site and for all. */
const COUNTS = `Duplicate groups per status under the inbox’s filters; with q, url, assignee, author or section each count stops at ${COUNT_CAP} ("${COUNT_CAP}+").`;

/**
 * The inbox of one site (`/v1/sites/:siteId/reports`) and of every site of the caller
 * (`/v1/reports`), with their counts: the same query, the same answer shape.
 */
export function inboxRoutes(deps: AppDeps): Hono {
  const app = new Hono();

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

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/sites/:siteId/reports',
      summary: 'The inbox: one item per duplicate group (its newest report), in keyset pages.',
      tags: ['reports'],
      auth: 'signed-in',
      params: SiteParams,
      query: ReportQuerySchema,
      responses: { 200: ReportPageSchema },
      errors: ['not_found'],
    },
    async (c, { auth, params, query }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canViewSite(role), 'see reports');
      return c.json(await page([site.id], query, auth.user.id));
    },
  );

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/sites/:siteId/reports/counts',
      summary: COUNTS,
      tags: ['reports'],
      auth: 'signed-in',
      params: SiteParams,
      query: ReportFilterSchema,
      responses: { 200: StatusCountsSchema },
      errors: ['not_found'],
    },
    async (c, { auth, params, query }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canViewSite(role), 'see reports');
      const counts = await countReportGroups(deps.db, [site.id], inboxFilters(query, auth.user.id));
      return c.json(counts satisfies StatusCounts);
    },
  );

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/reports',
      summary: 'The inbox across every site of the caller: the same query and answer as a site’s inbox.',
      tags: ['reports'],
      auth: 'signed-in',
      query: ReportQuerySchema,
      responses: { 200: ReportPageSchema },
    },
    async (c, { auth, query }) => {
      const sites = await visibleSites(auth.user.id);
      if (sites.length === 0) return c.json({ items: [], nextCursor: null } satisfies Page<ReportItem>);
      return c.json(await page(sites, query, auth.user.id));
    },
  );

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/reports/counts',
      summary: `Every site of the caller: ${COUNTS}`,
      tags: ['reports'],
      auth: 'signed-in',
      query: ReportFilterSchema,
      responses: { 200: StatusCountsSchema },
    },
    async (c, { auth, query }) => {
      const sites = await visibleSites(auth.user.id);
      const counts = await countReportGroups(deps.db, sites, inboxFilters(query, auth.user.id));
      return c.json(counts satisfies StatusCounts);
    },
  );

  return app;
}
