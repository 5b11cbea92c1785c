/** Requests about people: signing in, accounts, API tokens. */
import { z } from 'zod';
import type { ApiTokenInput, InvitationAcceptance, LoginInput } from '../../contract/api.js';
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
  .object({ name: text({ min: 1, max: 100, trim: true }) })
  .meta({ examples: [{ name: 'CMS publishing hook' }] }) satisfies z.ZodType<ApiTokenInput>;
