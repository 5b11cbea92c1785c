/** Requests about notifications: a member's own e-mail choice, the token of an unsubscribe link. */
import { z } from 'zod';
import { EMAIL_CHOICES, type NotificationSettingsInput } from '../../contract/api.js';

/** `PATCH /sites/:siteId/notifications`. */
export const NotificationSettingsInputSchema = z
  .object({ email: z.enum(EMAIL_CHOICES) })
  .meta({ examples: [{ email: 'instant' }] }) satisfies z.ZodType<NotificationSettingsInput>;

/** `/unsubscribe/:token`: `<siteId>.<userId>.<signature>` as a mail's List-Unsubscribe link carries it. */
export const UnsubscribeParams = z.object({
  token: z
    .string()
    .max(200)
    .regex(/^[0-9a-f-]{36}\.[0-9a-f-]{36}\.[\w-]{43}$/)
    .meta({ description: 'The signed token of an unsubscribe link.' }),
});
