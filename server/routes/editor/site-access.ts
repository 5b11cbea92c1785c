import type { Context } from 'hono';
import type { Auth } from '../../auth/context.js';
import { publicOrigin as configuredOrigin } from '../../bootstrap.js';
import { findSiteForUser, type SiteWithRole } from '../../db/queries/sites.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';

/**
 * The site with the caller's role on it. 404 when the caller is not a member: another site's id
 * must answer exactly like an id that does not exist.
 */
export async function memberSite(deps: AppDeps, siteId: string, auth: Auth): Promise<SiteWithRole> {
  const found = await findSiteForUser(deps.db, siteId, auth.user.id);
  if (!found) throw new ApiError('not_found', 'No such site.');
  return found;
}

/**
 * The origin the snippet and invitation links point at: PUBLIC_URL, else the configured listening
 * address ({@link configuredOrigin}). The request is not consulted: its Host header is the
 * caller's to choose, and a link made from it could send an invited editor elsewhere.
 */
export function publicOrigin(deps: AppDeps, _request?: Context): string {
  return configuredOrigin(deps.config);
}
