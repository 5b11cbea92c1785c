/** Requests about people: signing in, accounts, API tokens. */
import { z } from 'zod';
import {
  type ApiTokenInput,
  type InvitationAcceptance,
  type LoginInput,
  type PasswordChange,
  type PasswordReset,
  type PasswordResetRequest,
  TOKEN_EXPIRY_DAYS_MAX,
  TOKEN_SCOPES,
} from '../../contract/api.js';
import { NewPasswordSchema, PasswordSchema } from './passwords.js';
import { text } from './text.js';

/** Longest e-mail address (RFC 5321 path limit). */
const EMAIL_MAX = 254;

/** An e-mail address as a person types it (surrounding spaces dropped). */
export const EmailSchema = z
  .string()
  .trim()
  .max(EMAIL_MAX)
  .pipe(z.email('must be an e-mail address'))
  .meta({ format: 'email', maxLength: EMAIL_MAX });

/** A person's or site's name. */
export const NameSchema = text({ min: 1, max: 200, trim: true });

/** `POST /auth/login`: any string may be tried, so a wrong address costs what a wrong password does. */
export const LoginSchema = z.object({ email: text({ max: EMAIL_MAX }), password: PasswordSchema }).meta({
  examples: [{ email: 'ed@news.example', password: 'correct horse battery staple' }],
}) satisfies z.ZodType<LoginInput>;

/** A new account (`misprint user create`); the API makes accounts only through invitations. */
export const NewUserSchema = z.object({
  email: EmailSchema,
  password: NewPasswordSchema,
  name: NameSchema.optional(),
});

/**
 * `POST /invitations/:token/accept`: empty for a signed-in user, else the e-mail and password of an
 * existing account, or of the account to create (whose password must then follow the rule for new
 * passwords, checked by the route).
 */
export const AcceptInvitationSchema = z
  .object({
    email: EmailSchema.optional(),
    password: PasswordSchema.optional(),
    name: NameSchema.optional(),
  })
  .meta({
    examples: [{}, { email: 'ed@news.example', password: 'correct horse battery staple', name: 'Ed' }],
  }) satisfies z.ZodType<InvitationAcceptance>;

/** `POST /tokens`. */
export const TokenInputSchema = z
  .object({
    name: text({ min: 1, max: 100, trim: true }),
    scope: z.enum(TOKEN_SCOPES).optional().meta({ description: 'Default `write`.' }),
    expiresInDays: z
      .int()
      .min(1)
      .max(TOKEN_EXPIRY_DAYS_MAX)
      .optional()
      .meta({ description: 'Absent: the token never expires.' }),
  })
  .meta({
    examples: [{ name: 'CMS publishing hook' }, { name: 'Weekly export', scope: 'read', expiresInDays: 90 }],
  }) satisfies z.ZodType<ApiTokenInput>;

/** `POST /me/password`: the current password (any string, capped) and a new one that follows the rule. */
export const PasswordChangeSchema = z.object({ current: PasswordSchema, password: NewPasswordSchema }).meta({
  examples: [{ current: 'correct horse battery staple', password: 'a brand new passphrase' }],
}) satisfies z.ZodType<PasswordChange>;

/** `POST /auth/reset`: any well-formed address; whether it has an account is never told. */
export const PasswordResetRequestSchema = z
  .object({ email: EmailSchema })
  .meta({ examples: [{ email: 'ed@news.example' }] }) satisfies z.ZodType<PasswordResetRequest>;

/** `POST /auth/reset/:token`. */
export const PasswordResetSchema = z
  .object({ password: NewPasswordSchema })
  .meta({ examples: [{ password: 'a brand new passphrase' }] }) satisfies z.ZodType<PasswordReset>;
