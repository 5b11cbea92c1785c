import { Hono } from 'hono';
import { z } from 'zod';
import type { BlockedReader, RecheckResult } from '../../../contract/api.js';
import { BlockedReaderSchema, RecheckResultSchema } from '../../../contract/api-schemas.js';
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
import { BlockParams, IdParams, SiteParams } from '../../schemas/params.js';
import { RecheckInputSchema } from '../../schemas/triage.js';
import { BLOCK_DAYS } from '../../triage/reader-tags.js';
import { route } from '../route.js';
import { memberSite } from './site-access.js';

/**
 * Pages one call of the re-check route fetches at most (about a minute at one page a second); the
 * least recently checked come first, and the schedule covers the rest.
 */
export const ROUTE_MAX_PAGES = 60;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Re-checking pages on demand (a CMS after publishing), and blocking readers. */
export function triageRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/sites/:siteId/recheck',
      summary: 'Re-checks the pages with open groups (or one page) now: fixed typos close themselves.',
      description:
        `At most ${ROUTE_MAX_PAGES} pages, least recently checked first, one a second; only pages on the ` +
        'site’s allowed origins. A typo gone from its context marks its group fixed (by the system); a ' +
        'page whose context is gone marks it "page changed". Counts are of groups.',
      tags: ['reports'],
      auth: 'signed-in',
      params: SiteParams,
      body: RecheckInputSchema,
      responses: { 200: RecheckResultSchema },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params, body }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canTriage(role), 're-check pages');
      const result = await recheckSite(deps, site.id, {
        url: body.url,
        maxPages: ROUTE_MAX_PAGES,
        signal: c.req.raw.signal,
      });
      return c.json(result satisfies RecheckResult);
    },
  );

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/reports/:id/block-reader',
      summary: `Blocks the reader who sent this report for ${BLOCK_DAYS} days (owners).`,
      description:
        'Their later reports get the answer a bot gets and are kept as spam. Readers are known by a keyed ' +
        'tag for 48 hours after a report; later, 409 conflict.',
      tags: ['reports'],
      auth: 'signed-in',
      params: IdParams,
      responses: { 201: BlockedReaderSchema },
      errors: ['not_found', 'forbidden', 'conflict'],
    },
    async (c, { auth, params }) => {
      const found = await findReportForUser(deps.db, params.id, auth.user.id);
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
        blockedBy: auth.user.id,
        at,
        expiresAt: new Date(at.getTime() + BLOCK_DAYS * DAY_MS),
      });
      return c.json(blocked satisfies BlockedReader, 201);
    },
  );

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/sites/:siteId/blocked-readers',
      summary: 'The readers blocked on a site now (owners).',
      tags: ['reports'],
      auth: 'signed-in',
      params: SiteParams,
      responses: { 200: z.array(BlockedReaderSchema) },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canManageSite(role), 'see blocked readers');
      return c.json((await listBlockedReaders(deps.db, site.id, deps.now())) satisfies BlockedReader[]);
    },
  );

  route(
    app,
    deps,
    {
      method: 'delete',
      path: '/v1/sites/:siteId/blocked-readers/:blockId',
      summary: 'Lifts a block (owners).',
      tags: ['reports'],
      auth: 'signed-in',
      params: BlockParams,
      responses: { 204: null },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canManageSite(role), 'unblock readers');
      if (!(await unblockReader(deps.db, site.id, params.blockId))) {
        throw new ApiError('not_found', 'No such block.');
      }
      return c.body(null, 204);
    },
  );

  return app;
}
