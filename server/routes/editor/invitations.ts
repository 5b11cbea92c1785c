import { Hono } from 'hono';
import { z } from 'zod';
import type { InvitationPreview, Me, User } from '../../../contract/api.js';
import { InvitationPreviewSchema, MeSchema } from '../../../contract/api-schemas.js';
import { assertSameOrigin } from '../../auth/csrf.js';
import { startSession } from '../../auth/sessions.js';
import { signInWithPassword } from '../../auth/sign-in.js';
import {
  acceptInvitation,
  acceptInvitationAsNewUser,
  findOpenInvitation,
} from '../../db/queries/invitations.js';
import { findUserByEmail, normaliseEmail } from '../../db/queries/users.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { AcceptInvitationSchema } from '../../schemas/accounts.js';
import { InvitationTokenParams } from '../../schemas/params.js';
import { NewPasswordSchema } from '../../schemas/passwords.js';
import { hashPassword } from '../../services/passwords.js';
import { hashSecret } from '../../services/secrets.js';
import { route } from '../route.js';
import { parseOrThrow } from '../validate.js';

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

/** A new account is created and joins in one transaction; its password must follow the rule for new ones. */
async function joinAsNewUser(
  deps: AppDeps,
  invitation: OpenInvitation,
  input: { email: string; password: string; name: string | null },
): Promise<User> {
  const { password } = parseOrThrow(z.object({ password: NewPasswordSchema }), input, 'request body');
  const created = await acceptInvitationAsNewUser(deps.db, {
    invitationId: invitation.id,
    email: input.email,
    passwordHash: await hashPassword(password),
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
export function invitationLinkRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/invitations/:token',
      summary: 'What an invitation link offers: the site and the role.',
      tags: ['members'],
      auth: 'public',
      params: InvitationTokenParams,
      responses: { 200: InvitationPreviewSchema },
      errors: ['not_found'],
    },
    async (c, { params }) => {
      const invitation = await findOpenInvitation(deps.db, hashSecret(params.token), deps.now());
      if (!invitation) throw new ApiError('not_found', GONE);
      return c.json({
        siteName: invitation.siteName,
        role: invitation.role,
        expiresAt: invitation.expiresAt.toISOString(),
      } satisfies InvitationPreview);
    },
  );

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/invitations/:token/accept',
      summary: 'Accept an invitation, signed in or with an e-mail and password; signs in.',
      description:
        'Signed in: joins as that user. Otherwise the e-mail and password of an existing account ' +
        '(throttled like a sign-in), or of a new account to create (its password must follow the ' +
        'rule for new passwords). An invitation naming an address is only for that address.',
      tags: ['members'],
      auth: 'optional',
      params: InvitationTokenParams,
      body: AcceptInvitationSchema,
      responses: { 200: { description: 'A member now, and signed in.', schema: MeSchema } },
      errors: ['not_found', 'unauthenticated', 'forbidden', 'conflict', 'rate_limited'],
    },
    async (c, { auth, params, body }) => {
      const invitation = await findOpenInvitation(deps.db, hashSecret(params.token), deps.now());
      if (!invitation) throw new ApiError('not_found', GONE);
      if (auth) {
        assertAddressee(invitation, auth.user.email);
        await join(deps, invitation, auth.user.id);
        return c.json({
          user: auth.user,
          csrfToken: auth.kind === 'session' ? auth.csrfToken : null,
        } satisfies Me);
      }
      // Anonymous: this request signs someone in, so it gets the sign-in form's cross-site check.
      assertSameOrigin(c, deps.config);
      if (body.email === undefined || body.password === undefined) {
        throw new ApiError(
          'unauthenticated',
          'Sign in, or give an e-mail and a password to create an account.',
        );
      }
      const email = normaliseEmail(body.email);
      assertAddressee(invitation, email);
      let user: User;
      if (await findUserByEmail(deps.db, email)) {
        user = await signInWithPassword(deps, c, email, body.password);
        await join(deps, invitation, user.id);
      } else {
        user = await joinAsNewUser(deps, invitation, {
          email,
          password: body.password,
          name: body.name ?? null,
        });
      }
      const csrfToken = await startSession(deps, c, user.id);
      return c.json({ user, csrfToken } satisfies Me);
    },
  );

  return app;
}
