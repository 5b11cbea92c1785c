/** Requests about who belongs to a site: roles and invitations. */
import { z } from 'zod';
import { type InvitationInput, type MemberInput, ROLES } from '../../contract/api.js';
import { EmailSchema } from './accounts.js';

/** Longest an invitation link may stay valid, in days. */
export const INVITATION_DAYS_MAX = 30;

/** `PATCH /sites/:siteId/members/:userId`. */
export const MemberPatchSchema = z
  .object({ role: z.enum(ROLES) })
  .meta({ examples: [{ role: 'editor' }] }) satisfies z.ZodType<MemberInput>;

/** `POST /sites/:siteId/invitations`. */
export const InvitationInputSchema = z
  .object({
    role: z.enum(ROLES),
    email: EmailSchema.optional().meta({ description: 'Only this address may accept.' }),
    expiresInDays: z.int().min(1).max(INVITATION_DAYS_MAX).default(7),
  })
  .meta({
    examples: [{ role: 'editor', email: 'ed@news.example', expiresInDays: 7 }],
  }) satisfies z.ZodType<InvitationInput>;
