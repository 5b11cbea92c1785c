import type { Auth } from '../../auth/context.js';
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
