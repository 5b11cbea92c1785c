import { Hono } from 'hono';
import { requestPasswordReset } from '../../auth/password-reset.js';
import { clearSessionCookie } from '../../auth/session-cookie.js';
import { signInWithPassword } from '../../auth/sign-in.js';
import { changePassword, isLivePasswordReset, resetPassword } from '../../db/queries/password-resets.js';
import { deleteUserSessions } from '../../db/queries/sessions.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { MinuteCounter } from '../../ingest/minute-counter.js';
import {
  PasswordChangeSchema,
  PasswordResetRequestSchema,
  PasswordResetSchema,
} from '../../schemas/accounts.js';
import { ResetTokenParams } from '../../schemas/params.js';
import { clientAddress } from '../../services/client-address.js';
import { hashPassword } from '../../services/passwords.js';
import { hashSecret } from '../../services/secrets.js';
import { route } from '../route.js';

/**
 * Reset requests per client address per minute, per process: a cost guard against a script
 * filling the jobs table with addresses; a person asks once or twice.
 */
export const RESET_REQUESTS_PER_MINUTE = 5;

const GONE = 'This reset link does not exist, was used, or has expired; ask for a new one.';

/** Password change and reset, and signing out everywhere (docs/api.md, "Accounts"). */
export function accountRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const resetRequests = new MinuteCounter(RESET_REQUESTS_PER_MINUTE);

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/me/password',
      summary: 'Change one’s password, proving the current one; every other session ends.',
      description:
        'Signed-in sessions only (an API token is refused, 403). A wrong current password answers ' +
        '403 and counts as a failed sign-in (throttled alike: 429 with Retry-After).',
      tags: ['auth'],
      auth: 'signed-in',
      body: PasswordChangeSchema,
      responses: { 204: null },
      errors: ['forbidden', 'rate_limited'],
    },
    async (c, { auth, body }) => {
      if (auth.kind !== 'session') {
        throw new ApiError('forbidden', 'An API token cannot change a password; sign in to change it.');
      }
      try {
        await signInWithPassword(deps, c, auth.user.email, body.current);
      } catch (error) {
        // 401 would read as "signed out" to the dashboard; the session is fine, the password is not.
        if (error instanceof ApiError && error.code === 'unauthenticated') {
          throw new ApiError('forbidden', 'The current password is wrong.');
        }
        throw error;
      }
      await changePassword(deps.db, {
        userId: auth.user.id,
        passwordHash: await hashPassword(body.password),
        now: deps.now(),
        keepSessionHash: auth.sessionIdHash,
      });
      return c.body(null, 204);
    },
  );

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/auth/logout-all',
      summary: 'Sign out everywhere: ends every session of the caller, this one included.',
      description: 'API tokens stay valid; revoke them one by one at `/tokens`.',
      tags: ['auth'],
      auth: 'signed-in',
      responses: { 204: null },
    },
    async (c, { auth }) => {
      await deleteUserSessions(deps.db, auth.user.id);
      if (auth.kind === 'session') clearSessionCookie(c, deps.config);
      return c.body(null, 204);
    },
  );

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/auth/reset',
      summary: 'Ask for a password reset link by e-mail.',
      description:
        'Answers 202 whether or not the address has an account. With SMTP_URL, an account’s address ' +
        'is mailed a single-use link `PUBLIC_URL/app/reset/<token>` valid 30 minutes (at most one ' +
        'mail per address every 5 minutes). Without SMTP_URL nothing is sent; an operator resets ' +
        'passwords with `misprint user password`.',
      tags: ['auth'],
      auth: 'public',
      body: PasswordResetRequestSchema,
      responses: { 202: { description: 'Accepted (sent if the address has an account).', schema: null } },
      errors: ['rate_limited'],
    },
    async (c, { body }) => {
      const wait = resetRequests.hit(clientAddress(c, deps.config.trustProxy), deps.now().getTime());
      if (wait !== null) {
        throw new ApiError('rate_limited', 'Too many reset requests; try again later.', {
          headers: { 'Retry-After': String(wait) },
        });
      }
      await requestPasswordReset(deps, body.email);
      return c.body(null, 202);
    },
  );

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/auth/reset/:token',
      summary: 'Set a new password with a reset link; every session of the account ends.',
      description: 'The link works once and for 30 minutes; 404 when it is unknown, used or expired.',
      tags: ['auth'],
      auth: 'public',
      params: ResetTokenParams,
      body: PasswordResetSchema,
      responses: { 204: null },
      errors: ['not_found'],
    },
    async (c, { params, body }) => {
      const tokenHash = hashSecret(params.token);
      // Checked first so that a made-up link costs no scrypt; hashed before the transaction, which
      // checks again, so the slow hash never holds the link's row.
      if (!(await isLivePasswordReset(deps.db, tokenHash, deps.now()))) throw new ApiError('not_found', GONE);
      const passwordHash = await hashPassword(body.password);
      const reset = await resetPassword(deps.db, {
        tokenHash,
        passwordHash,
        now: deps.now(),
      });
      if (!reset) throw new ApiError('not_found', GONE);
      return c.body(null, 204);
    },
  );

  return app;
}
