import { ApiError } from '../errors.js';

// The predicates live in the contract, shared with the dashboard; routes import them from here.
export {
  canExport,
  canManageChannels,
  canManageMembers,
  canManageSite,
  canTriage,
  canViewChannels,
  canViewSite,
} from '../../contract/permissions.js';

/** Throws 403 forbidden unless `permitted`; call after membership was checked (404 otherwise). */
export function assertPermitted(permitted: boolean, action: string): void {
  if (!permitted) throw new ApiError('forbidden', `Your role on this site does not allow you to ${action}.`);
}
