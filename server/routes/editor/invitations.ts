import { type Context, Hono } from 'hono';
import type { InvitationPreview, Me, User } from '../../../contract/api.js';
import { optionalAuth } from '../../auth/authenticate.js';
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
import { clientAddress } from '../../services/client-address.js';
import { hashPassword } from '../../services/passwords.js';
import { hashSecret } from '../../services/secrets.js';
import { AcceptInvitationSchema } from './schemas.js';
import { jsonBody } from './validate.js';

const GONE = 'This invitation does not exist, was used, or has expired.';

/** An invitation that can still be accepted. */
type OpenInvitation = NonNullable<Awaited<ReturnType<typeof findOpenInvitation>>>;

/** Refuses an invitation that names another e-mail address than the one accepting it. */
function assertAddressee(invitation: OpenInvitation, email: string): void {
  if (invitation.email !== null && invitation.email !== email) {
    throw new ApiError('forbidden', 'This invitation is for another e-mail address.');
  }
}

/** Makes a known user a member; 404 when the invitation was used or expired meanwhile. */
async function join(deps: AppDeps, invitation: OpenInvitation, userId: string): Promise<void> {
  if (!(await acceptInvitation(deps.db, { invitationId: invitation.id, userId, now: deps.now() }))) {
    throw new ApiError('not_found', GONE);
  }
}

/** An existing account joins by proving its password, throttled exactly like a sign-in. */
async function joinWithPassword(
  deps: AppDeps,
  c: Context,
  invitation: OpenInvitation,
  email: string,
  password: string,
): Promise<User> {
  const keys = loginKeys(email, clientAddress(c, deps.config.trustProxy));
  await assertLoginAllowed(deps, keys);
  const user = await checkCredentials(deps, email, password);
  if (!user) {
    await noteLoginFailure(deps, keys);
    throw new ApiError('unauthenticated', 'Wrong e-mail or password.');
  }
  await noteLoginSuccess(deps, keys);
  await join(deps, invitation, user.id);
  return user;
}

/** A new account is created and joins in one transaction. */
async function joinAsNewUser(
  deps: AppDeps,
  invitation: OpenInvitation,
  input: { email: string; password: string; name: string | null },
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const created = await acceptInvitationAsNewUser(deps.db, {
    invitationId: invitation.id,
    email: input.email,
    passwordHash,
    name: input.name,
    now: deps.now(),
  });
  if (created === 'invitation_gone') throw new ApiError('not_found', GONE);
  if (created === 'email_taken') {
    throw new ApiError('conflict', 'An account with this e-mail was just created; sign in to accept.');
  }
  return created;
}

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
      assertAddressee(invitation, signedIn.user.email);
      await join(deps, invitation, signedIn.user.id);
      const csrfToken = signedIn.kind === 'session' ? signedIn.csrfToken : null;
      return c.json({ user: signedIn.user, csrfToken } satisfies Me);
    }

    // Anonymous: this request signs someone in, so it gets the sign-in form's cross-site check.
    assertSameOrigin(c, deps.config);
    if (input.email === undefined || input.password === undefined) {
      throw new ApiError(
        'unauthenticated',
        'Sign in, or give an e-mail and a password to create an account.',
      );
    }
    const email = normaliseEmail(input.email);
    assertAddressee(invitation, email);
    const user = (await findUserByEmail(deps.db, email))
      ? await joinWithPassword(deps, c, invitation, email, input.password)
      : await joinAsNewUser(deps, invitation, { email, password: input.password, name: input.name ?? null });
    const csrfToken = await startSession(deps, c, user.id);
    return c.json({ user, csrfToken } satisfies Me);
  });

  return app;
}
