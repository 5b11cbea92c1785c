/**
 * Who may do what on a site: the one place roles turn into permissions, for the server (which
 * enforces them) and the dashboard (which only offers what the server will allow). Viewers read,
 * editors also triage reports, owners also manage the site, its members and its invitations. No
 * role (null) allows nothing; the server then answers 404 so the site's existence does not leak.
 */
import { ROLES, type Role } from './api.js';

/** Whether a string is one of the {@link ROLES} (a form's select, say). */
export function isRole(value: string): value is Role {
  return ROLES.some((role) => role === value);
}

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

/** Whether a member may be assigned groups (routing rules and assignments name only them). */
export function canBeAssigned(role: Role | null): boolean {
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

/** Whether a member may see the site's notification channels and their delivery logs. */
export function canViewChannels(role: Role | null): boolean {
  return role === 'owner' || role === 'editor';
}

/** Whether a member may create, change, pause, test and delete notification channels. */
export function canManageChannels(role: Role | null): boolean {
  return role === 'owner';
}
