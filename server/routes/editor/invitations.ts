import { Hono } from 'hono';
import type { InvitationPreview, Me } from '../../../contract/api.js';
import { optionalAuth } from '../../auth/authenticate.js';
import { clientAddress } from '../../auth/client-address.js';
import type { MaybeAuthEnv } from '../../auth/context.js';
import { checkCredentials } from '../../auth/credentials.js';
import { assertSameOrigin } from '../../auth/csrf.js';
import {
  assertLoginAllowed,
  loginKeys,
  noteLoginFailure,
  noteLoginSuccess,
} from '../../auth/login-throttle.js';
import { startSession } from '../../auth/sessions.js';
import {
  acceptInvitation,
  acceptInvitationAsNewUser,
  findOpenInvitation,
} from '../../db/queries/invitations.js';
import { findUserByEmail, normaliseEmail } from '../../db/queries/users.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { hashPassword } from '../../services/passwords.js';
import { hashSecret } from '../../services/secrets.js';
import { AcceptInvitationSchema } from './schemas.js';
import { jsonBody } from './validate.js';

const GONE = 'This invitation does not exist, was used, or has expired.';

/** `/v1/invitations/:token`: open an invitation link, and accept it (signing in or creating an account). */
export function invitationLinkRoutes(deps: AppDeps): Hono<MaybeAuthEnv> {
  const app = new Hono<MaybeAuthEnv>();
  const auth = optionalAuth(deps);

  app.get('/v1/invitations/:token', async (c) => {
    const invitation = await findOpenInvitation(deps.db, hashSecret(c.req.param('token')), deps.now());
    if (!invitation) throw new ApiError('not_found', GONE);
    return c.json({
      siteName: invitation.siteName,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
    } satisfies InvitationPreview);
  });

  app.post('/v1/invitations/:token/accept', auth, jsonBody(AcceptInvitationSchema), async (c) => {
    const input = c.req.valid('json');
    const invitation = await findOpenInvitation(deps.db, hashSecret(c.req.param('token')), deps.now());
    if (!invitation) throw new ApiError('not_found', GONE);
    const signedIn = c.var.auth;
    if (signedIn) {
      if (invitation.email !== null && invitation.email !== signedIn.user.email) {
        throw new ApiError('forbidden', 'This invitation is for another e-mail address.');
      }
      if (
        !(await acceptInvitation(deps.db, {
          invitationId: invitation.id,
          userId: signedIn.user.id,
          now: deps.now(),
        }))
      ) {
        throw new ApiError('not_found', GONE);
      }
      return c.json({
        user: signedIn.user,
        csrfToken: signedIn.kind === 'session' ? signedIn.csrfToken : null,
      } satisfies Me);
    }

    assertSameOrigin(c, deps.config);
    if (input.email === undefined || input.password === undefined) {
      throw new ApiError(
        'unauthenticated',
        'Sign in, or give an e-mail and a password to create an account.',
      );
    }
    const email = normaliseEmail(input.email);
    if (invitation.email !== null && invitation.email !== email) {
      throw new ApiError('forbidden', 'This invitation is for another e-mail address.');
    }
    let user = null;
    if (await findUserByEmail(deps.db, email)) {
      // An existing account joins by proving its password, throttled like any sign-in.
      const keys = loginKeys(email, clientAddress(c, deps.config));
      await assertLoginAllowed(deps, keys);
      user = await checkCredentials(deps, email, input.password);
      if (!user) {
        await noteLoginFailure(deps, keys);
        throw new ApiError('unauthenticated', 'Wrong e-mail or password.');
      }
      await noteLoginSuccess(deps, keys);
      if (
        !(await acceptInvitation(deps.db, { invitationId: invitation.id, userId: user.id, now: deps.now() }))
      ) {
        throw new ApiError('not_found', GONE);
      }
    } else {
      const passwordHash = await hashPassword(input.password);
      user = await acceptInvitationAsNewUser(deps.db, {
        invitationId: invitation.id,
        email,
        passwordHash,
        name: input.name ?? null,
        now: deps.now(),
      });
      if (!user) throw new ApiError('not_found', GONE);
    }
    const csrfToken = await startSession(deps, c, user.id);
    return c.json({ user, csrfToken } satisfies Me);
  });

  return app;
}
