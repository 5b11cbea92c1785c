import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import {
  type DailyStats,
  type ReportDetail,
  type StatusChangeResult,
  UNDO_WINDOW_MS,
} from '../../../contract/api.js';
import {
  DailyStatsSchema,
  ReportDetailSchema,
  StatusChangeResultSchema,
} from '../../../contract/api-schemas.js';
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
import { IdParams, SiteParams } from '../../schemas/params.js';
import { BULK_MAX, BulkStatusChangeSchema, StatusChangeSchema, UndoSchema } from '../../schemas/reports.js';
import { route } from '../route.js';
import { memberSite } from './site-access.js';

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

/** What every triage answer says. */
const ACTED = {
  description: 'How many reports changed, and the action’s id for undo.',
  schema: StatusChangeResultSchema,
};

/**
 * A report's detail and history, triage (one, group, bulk; status and assignee), undo and the
 * overview's stats. Every triage action gets an id that `POST /undo` takes back.
 */
export function reportRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/sites/:siteId/reports/bulk',
      summary: `Change the status or assignee of up to ${BULK_MAX} reports, each with its duplicate group (editors).`,
      tags: ['reports'],
      auth: 'signed-in',
      params: SiteParams,
      body: BulkStatusChangeSchema,
      responses: { 200: ACTED },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params, body }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canTriage(role), 'change reports');
      await assertAssignable(deps, site.id, body.assignee);
      const action = randomUUID();
      const common = { siteId: site.id, actorId: auth.user.id, action, at: deps.now() };
      await deps.db.transaction().execute(async (trx) => {
        if (body.status)
          await recordBulkStatusChange(trx, {
            ...common,
            reportIds: body.ids,
            to: body.status,
            note: body.note ?? null,
          });
        if (body.assignee !== undefined)
          await assignGroups(trx, { ...common, reportIds: body.ids, to: body.assignee });
      });
      return c.json((await actionResult(deps, action)) satisfies StatusChangeResult);
    },
  );

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/sites/:siteId/stats',
      summary:
        'Reports per UTC day for the last 30 days by current status, time to fix, and the pages with most open groups.',
      tags: ['reports'],
      auth: 'signed-in',
      params: SiteParams,
      responses: { 200: DailyStatsSchema },
      errors: ['not_found'],
    },
    async (c, { auth, params }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canViewSite(role), 'see statistics');
      const now = deps.now();
      const since = new Date(now.getTime() - STATS_DAYS * 86_400_000);
      const [daily, fix, pages] = await Promise.all([
        dailyStats(deps.db, site.id, now),
        timeToFix(deps.db, site.id, since),
        openPages(deps.db, site.id),
      ]);
      return c.json({ ...daily, timeToFix: fix, openPages: pages } satisfies DailyStats);
    },
  );

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/reports/:id',
      summary: 'A report with its history.',
      tags: ['reports'],
      auth: 'signed-in',
      params: IdParams,
      responses: { 200: ReportDetailSchema },
      errors: ['not_found'],
    },
    async (c, { auth, params }) => {
      const found = await findReportForUser(deps.db, params.id, auth.user.id);
      if (!found) throw new ApiError('not_found', 'No such report.');
      const events = await listReportEvents(deps.db, found.item.id);
      const [item = found.item] = await withTriage(deps.db, [found.item], deps.now());
      return c.json({ ...item, events } satisfies ReportDetail);
    },
  );

  route(
    app,
    deps,
    {
      method: 'patch',
      path: '/v1/reports/:id',
      summary:
        'Change a report’s status (by default with its duplicate group) and/or its group’s assignee (editors).',
      tags: ['reports'],
      auth: 'signed-in',
      params: IdParams,
      body: StatusChangeSchema,
      responses: { 200: ACTED },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params, body }) => {
      const found = await findReportForUser(deps.db, params.id, auth.user.id);
      if (!found) throw new ApiError('not_found', 'No such report.');
      assertPermitted(canTriage(found.role), 'change reports');
      await assertAssignable(deps, found.item.siteId, body.assignee);
      const action = randomUUID();
      const common = { siteId: found.item.siteId, actorId: auth.user.id, action, at: deps.now() };
      await deps.db.transaction().execute(async (trx) => {
        if (body.status)
          await recordStatusChange(trx, {
            ...common,
            reportId: found.item.id,
            group: body.group,
            to: body.status,
            note: body.note ?? null,
          });
        if (body.assignee !== undefined)
          await assignGroups(trx, { ...common, reportIds: [found.item.id], to: body.assignee });
      });
      return c.json((await actionResult(deps, action)) satisfies StatusChangeResult);
    },
  );

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/undo',
      summary: 'Take back the caller’s recent triage actions (within 10 minutes); both moves are recorded.',
      tags: ['reports'],
      auth: 'signed-in',
      body: UndoSchema,
      responses: { 200: ACTED },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, body }) => {
      const now = deps.now();
      const scope = {
        actorId: auth.user.id,
        actions: body.actions,
        since: new Date(now.getTime() - UNDO_WINDOW_MS),
      };
      const sites = await actionSites(deps.db, scope);
      if (sites.length === 0)
        throw new ApiError('not_found', 'Nothing to undo: no recent action of yours has that id.');
      for (const { role } of sites) assertPermitted(canTriage(role), 'change reports');
      const action = randomUUID();
      await deps.db.transaction().execute((trx) => undoActions(trx, scope, { action, at: now }));
      return c.json((await actionResult(deps, action)) satisfies StatusChangeResult);
    },
  );

  return app;
}
