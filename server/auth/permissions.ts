import type { Role } from '../../contract/api.js';
import { ApiError } from '../errors.js';

/**
 * Who may do what on a site: the one place roles turn into permissions. Viewers read, editors also
 * triage reports, owners also manage the site, its members and its invitations. A user without a
 * role (null) may do nothing, and the routes answer 404 so the site's existence does not leak.
 */

/** Whether a member may see the site, its reports, members and stats. */
export function canViewSite(role: Role | null): boolean {
  return role !== null;
}

/** Whether a member may change the status of reports. */
export function canTriage(role: Role | null): boolean {
  return role === 'owner' || role === 'editor';
}

/** Whether a member may export the site's reports (every field of every report, in bulk). */
export function canExport(role: Role | null): boolean {
  return role === 'owner' || role === 'editor';
}

/** Whether a member may change or delete the site itself. */
export function canManageSite(role: Role | null): boolean {
  return role === 'owner';
}

/** Whether a member may change roles, remove members and invite people. */
export function canManageMembers(role: Role | null): boolean {
  return role === 'owner';
}

/** Throws 403 forbidden unless `permitted`; call after membership was checked (404 otherwise). */
export function assertPermitted(permitted: boolean, action: string): void {
  if (!permitted) throw new ApiError('forbidden', `Your role on this site does not allow you to ${action}.`);
}
