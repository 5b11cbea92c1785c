/** Path parameters. A value these refuse names nothing, so the route answers 404 like any unknown id. */
import { z } from 'zod';

/** Any 8-4-4-4-12 hex id, lower-cased as PostgreSQL prints it (the database only makes v4 ids). */
const id = z
  .guid()
  .transform((value) => value.toLowerCase())
  .meta({ format: 'uuid' });

/** `/:id` of a report, token or invitation. */
export const IdParams = z.object({ id });

/** `/sites/:siteId/…`. */
export const SiteParams = z.object({ siteId: id });

/** `/sites/:siteId/members/:userId`. */
export const MemberParams = z.object({ siteId: id, userId: id });

/** `/sites/:siteId/blocked-readers/:blockId`. */
export const BlockParams = z.object({ siteId: id, blockId: id });

/** `/sites/:siteId/invitations/:id`. */
export const SiteItemParams = z.object({ siteId: id, id });

/** `/invitations/:token`: the secret from an invitation link. */
export const InvitationTokenParams = z.object({
  token: z.string().min(1).max(200).meta({ description: 'The secret from the invitation link.' }),
});

/** `/auth/reset/:token`: the secret from a password reset mail. */
export const ResetTokenParams = z.object({
  token: z.string().min(1).max(200).meta({ description: 'The secret from the reset link.' }),
});
