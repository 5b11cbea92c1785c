import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import {
  type DailyStats,
  type ReportDetail,
  type StatusChangeResult,
  UNDO_WINDOW_MS,
} from '../../../contract/api.js';
import { requireAuth } from '../../auth/authenticate.js';
import type { AuthEnv } from '../../auth/context.js';
import { assertPermitted, canTriage, canViewSite } from '../../auth/permissions.js';
import { assignableUsers, assignGroups } from '../../db/queries/assignment.js';
import { openPages, timeToFix } from '../../db/queries/desk-stats.js';
import {
  dailyStats,
  findReportForUser,
  listReportEvents,
  recordBulkStatusChange,
  recordStatusChange,
  STATS_DAYS,
} from '../../db/queries/reports.js';
import { withTriage } from '../../db/queries/triage.js';
import { actionSites, reportsOfAction, undoActions } from '../../db/queries/undo.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { BulkStatusChangeSchema, StatusChangeSchema, UndoSchema } from './schemas.js';
import { memberSite } from './site-access.js';
import { idParam, jsonBody } from './validate.js';

/** 400 unless `assignee` (when one is named) owns or edits the site. */
async function assertAssignable(deps: AppDeps, siteId: string, assignee: string | null | undefined) {
  if (!assignee) return;
  if (!(await assignableUsers(deps.db, siteId, [assignee])).has(assignee)) {
    throw new ApiError('invalid_request', 'Invalid request body.', {
      issues: [{ path: 'assignee', message: 'must be an owner or editor of the site' }],
    });
  }
}

/** A triage action's answer: the reports it changed and its id, for undo. */
async function actionResult(deps: AppDeps, action: string): Promise<StatusChangeResult> {
  const updated = await reportsOfAction(deps.db, action);
  return { updated, action: updated > 0 ? action : null };
}

/**
 * A report's detail and history, triage (one, group, bulk; status and assignee), undo and the
 * overview's stats. Every triage action gets an id that `POST /undo` takes back.
 */
export function reportRoutes(deps: AppDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const auth = requireAuth(deps);

  app.post('/v1/sites/:siteId/reports/bulk', auth, jsonBody(BulkStatusChangeSchema), async (c) => {
    const input = c.req.valid('json');
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canTriage(role), 'change reports');
    await assertAssignable(deps, site.id, input.assignee);
    const action = randomUUID();
    const common = { siteId: site.id, actorId: c.var.auth.user.id, action, at: deps.now() };
    await deps.db.transaction().execute(async (trx) => {
      if (input.status)
        await recordBulkStatusChange(trx, {
          ...common,
          reportIds: input.ids,
          to: input.status,
          note: input.note ?? null,
        });
      if (input.assignee !== undefined)
        await assignGroups(trx, { ...common, reportIds: input.ids, to: input.assignee });
    });
    return c.json((await actionResult(deps, action)) satisfies StatusChangeResult);
  });

  app.get('/v1/sites/:siteId/stats', auth, async (c) => {
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canViewSite(role), 'see statistics');
    const now = deps.now();
    const since = new Date(now.getTime() - STATS_DAYS * 86_400_000);
    const [daily, fix, pages] = await Promise.all([
      dailyStats(deps.db, site.id, now),
      timeToFix(deps.db, site.id, since),
      openPages(deps.db, site.id),
    ]);
    return c.json({ ...daily, timeToFix: fix, openPages: pages } satisfies DailyStats);
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
    assertPermitted(canTriage(found.role), 'change reports');
    await assertAssignable(deps, found.item.siteId, input.assignee);
    const action = randomUUID();
    const common = { siteId: found.item.siteId, actorId: c.var.auth.user.id, action, at: deps.now() };
    await deps.db.transaction().execute(async (trx) => {
      if (input.status)
        await recordStatusChange(trx, {
          ...common,
          reportId: found.item.id,
          group: input.group,
          to: input.status,
          note: input.note ?? null,
        });
      if (input.assignee !== undefined)
        await assignGroups(trx, { ...common, reportIds: [found.item.id], to: input.assignee });
    });
    return c.json((await actionResult(deps, action)) satisfies StatusChangeResult);
  });

  app.post('/v1/undo', auth, jsonBody(UndoSchema), async (c) => {
    const input = c.req.valid('json');
    const now = deps.now();
    const scope = {
      actorId: c.var.auth.user.id,
      actions: input.actions,
      since: new Date(now.getTime() - UNDO_WINDOW_MS),
    };
    const sites = await actionSites(deps.db, scope);
    if (sites.length === 0)
      throw new ApiError('not_found', 'Nothing to undo: no recent action of yours has that id.');
    for (const { role } of sites) assertPermitted(canTriage(role), 'change reports');
    const action = randomUUID();
    await deps.db.transaction().execute((trx) => undoActions(trx, scope, { action, at: now }));
    return c.json((await actionResult(deps, action)) satisfies StatusChangeResult);
  });

  return app;
}
