import { Hono } from 'hono';
import type { BlockedReader, RecheckResult } from '../../../contract/api.js';
import { requireAuth } from '../../auth/authenticate.js';
import type { AuthEnv } from '../../auth/context.js';
import { assertPermitted, canManageSite, canTriage } from '../../auth/permissions.js';
import { findReportForUser } from '../../db/queries/reports.js';
import {
  blockReader,
  findReportReaderTag,
  listBlockedReaders,
  unblockReader,
} from '../../db/queries/triage.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { recheckSite } from '../../recheck/recheck-site.js';
import { BLOCK_DAYS } from '../../triage/reader-tags.js';
import { RecheckInputSchema } from './schemas.js';
import { memberSite } from './site-access.js';
import { idParam, jsonBody } from './validate.js';

/**
 * Pages one call of the re-check route fetches at most (about a minute at one page a second); the
 * least recently checked come first, and the schedule covers the rest.
 */
export const ROUTE_MAX_PAGES = 60;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Re-checking pages on demand (a CMS after publishing), and blocking readers. */
export function triageRoutes(deps: AppDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const auth = requireAuth(deps);

  app.post('/v1/sites/:siteId/recheck', auth, jsonBody(RecheckInputSchema), async (c) => {
    const input = c.req.valid('json');
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canTriage(role), 're-check pages');
    const result = await recheckSite(deps, site.id, {
      url: input.url,
      maxPages: ROUTE_MAX_PAGES,
      signal: c.req.raw.signal,
    });
    return c.json(result satisfies RecheckResult);
  });

  app.post('/v1/reports/:id/block-reader', auth, async (c) => {
    const found = await findReportForUser(deps.db, idParam(c, 'id'), c.var.auth.user.id);
    if (!found) throw new ApiError('not_found', 'No such report.');
    assertPermitted(canManageSite(found.role), 'block readers');
    const held = await findReportReaderTag(deps.db, found.item.id);
    if (!held?.tag) {
      throw new ApiError(
        'conflict',
        'This reader can no longer be recognised: readers are known for 48 hours after a report.',
      );
    }
    const at = deps.now();
    const blocked = await blockReader(deps.db, {
      siteId: found.item.siteId,
      tag: held.tag,
      reportId: found.item.id,
      blockedBy: c.var.auth.user.id,
      at,
      expiresAt: new Date(at.getTime() + BLOCK_DAYS * DAY_MS),
    });
    return c.json(blocked satisfies BlockedReader, 201);
  });

  app.get('/v1/sites/:siteId/blocked-readers', auth, async (c) => {
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canManageSite(role), 'see blocked readers');
    return c.json((await listBlockedReaders(deps.db, site.id, deps.now())) satisfies BlockedReader[]);
  });

  app.delete('/v1/sites/:siteId/blocked-readers/:blockId', auth, async (c) => {
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canManageSite(role), 'unblock readers');
    if (!(await unblockReader(deps.db, site.id, idParam(c, 'blockId')))) {
      throw new ApiError('not_found', 'No such block.');
    }
    return c.body(null, 204);
  });

  return app;
}
