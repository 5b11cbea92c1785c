import { Hono } from 'hono';
import type {
  DailyStats,
  Page,
  ReportDetail,
  ReportItem,
  StatusChangeResult,
  StatusCounts,
} from '../../../contract/api.js';
import { requireAuth } from '../../auth/authenticate.js';
import type { AuthEnv } from '../../auth/context.js';
import { assertPermitted, canTriage, canViewSite } from '../../auth/permissions.js';
import {
  countReportGroups,
  dailyStats,
  findReportForUser,
  listReportEvents,
  listReportGroups,
  recordBulkStatusChange,
  recordStatusChange,
} from '../../db/queries/reports.js';
import { withTriage } from '../../db/queries/triage.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { BulkStatusChangeSchema, ReportQuerySchema, StatusChangeSchema } from './schemas.js';
import { memberSite } from './site-access.js';
import { idParam, jsonBody, queryOf } from './validate.js';

/** The inbox, a report's detail and history, triage (one, group, bulk) and the overview's stats. */
export function reportRoutes(deps: AppDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const auth = requireAuth(deps);

  app.get('/v1/sites/:siteId/reports', auth, queryOf(ReportQuerySchema), async (c) => {
    const query = c.req.valid('query');
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canViewSite(role), 'see reports');
    const page = await listReportGroups(deps.db, {
      siteId: site.id,
      status: query.status,
      filters: { kind: query.kind, url: query.url, q: query.q },
      after,
      limit: query.limit,
    });
    return c.json({
      items: await withTriage(deps.db, page.items, deps.now()),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    } satisfies Page<ReportItem>);
  });

  app.get('/v1/sites/:siteId/reports/counts', auth, queryOf(ReportQuerySchema), async (c) => {
    const query = c.req.valid('query');
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canViewSite(role), 'see reports');
    const counts = await countReportGroups(deps.db, site.id, {
      kind: query.kind,
      url: query.url,
      q: query.q,
    });
    return c.json(counts satisfies StatusCounts);
  });

  app.post('/v1/sites/:siteId/reports/bulk', auth, jsonBody(BulkStatusChangeSchema), async (c) => {
    const input = c.req.valid('json');
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canTriage(role), 'change report statuses');
    const updated = await recordBulkStatusChange(deps.db, {
      siteId: site.id,
      reportIds: input.ids,
      actorId: c.var.auth.user.id,
      to: input.status,
      note: input.note ?? null,
      at: deps.now(),
    });
    return c.json({ updated } satisfies StatusChangeResult);
  });

  app.get('/v1/sites/:siteId/stats', auth, async (c) => {
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canViewSite(role), 'see statistics');
    return c.json((await dailyStats(deps.db, site.id, deps.now())) satisfies DailyStats);
  });

  app.get('/v1/reports/:id', auth, async (c) => {
    const found = await findReportForUser(deps.db, idParam(c, 'id'), c.var.auth.user.id);
    if (!found) throw new ApiError('not_found', 'No such report.');
    const events = await listReportEvents(deps.db, found.item.id);
    const [item = found.item] = await withTriage(deps.db, [found.item], deps.now());
    return c.json({ ...item, events } satisfies ReportDetail);
  });

  app.patch('/v1/reports/:id', auth, jsonBody(StatusChangeSchema), async (c) => {
    const input = c.req.valid('json');
    const found = await findReportForUser(deps.db, idParam(c, 'id'), c.var.auth.user.id);
    if (!found) throw new ApiError('not_found', 'No such report.');
    assertPermitted(canTriage(found.role), 'change report statuses');
    const updated = await recordStatusChange(deps.db, {
      siteId: found.item.siteId,
      reportId: found.item.id,
      group: input.group,
      actorId: c.var.auth.user.id,
      to: input.status,
      note: input.note ?? null,
      at: deps.now(),
    });
    return c.json({ updated } satisfies StatusChangeResult);
  });

  return app;
}
