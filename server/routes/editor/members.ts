import { Hono } from 'hono';
import type { Invitation, Member } from '../../../contract/api.js';
import { requireAuth } from '../../auth/authenticate.js';
import type { AuthEnv } from '../../auth/context.js';
import { assertPermitted, canManageMembers } from '../../auth/permissions.js';
import { createInvitation, deleteInvitation, listOpenInvitations } from '../../db/queries/invitations.js';
import {
  changeMemberRole,
  findMember,
  listMembers,
  type MembershipChange,
  removeMember,
} from '../../db/queries/members.js';
import { normaliseEmail } from '../../db/queries/users.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { hashSecret, newSecret } from '../../services/secrets.js';
import { InvitationInputSchema, MemberPatchSchema } from './schemas.js';
import { memberSite, publicOrigin } from './site-access.js';
import { idParam, jsonBody } from './validate.js';

const DAY_MS = 86_400_000;

/** The dashboard page that opens an invitation link. */
export function invitationUrl(origin: string, token: string): string {
  return `${origin}/app/invite/${token}`;
}

/** Turns a refused membership change into its answer. */
function assertChanged(result: MembershipChange): void {
  if (result === 'not_found') throw new ApiError('not_found', 'No such member.');
  if (result === 'last_owner') throw new ApiError('conflict', 'A site must keep at least one owner.');
}

/** `/v1/sites/:siteId/members` and `/v1/sites/:siteId/invitations`: who belongs to a site, and who may join. */
export function memberRoutes(deps: AppDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const auth = requireAuth(deps);

  app.get('/v1/sites/:siteId/members', auth, async (c) => {
    const { site } = await memberSite(deps, c, c.var.auth);
    return c.json((await listMembers(deps.db, site.id)) satisfies Member[]);
  });

  app.patch('/v1/sites/:siteId/members/:userId', auth, jsonBody(MemberPatchSchema), async (c) => {
    const { role } = c.req.valid('json');
    const { site, role: own } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canManageMembers(own), 'change roles');
    const userId = idParam(c, 'userId');
    assertChanged(await changeMemberRole(deps.db, site.id, userId, role));
    const member = await findMember(deps.db, site.id, userId);
    if (!member) throw new ApiError('not_found', 'No such member.');
    return c.json(member satisfies Member);
  });

  app.delete('/v1/sites/:siteId/members/:userId', auth, async (c) => {
    const { site, role } = await memberSite(deps, c, c.var.auth);
    const userId = idParam(c, 'userId');
    // Anyone may leave a site; only owners may remove someone else.
    if (userId !== c.var.auth.user.id) assertPermitted(canManageMembers(role), 'remove members');
    assertChanged(await removeMember(deps.db, site.id, userId));
    return c.body(null, 204);
  });

  app.get('/v1/sites/:siteId/invitations', auth, async (c) => {
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canManageMembers(role), 'see invitations');
    return c.json((await listOpenInvitations(deps.db, site.id, deps.now())) satisfies Invitation[]);
  });

  app.post('/v1/sites/:siteId/invitations', auth, jsonBody(InvitationInputSchema), async (c) => {
    const input = c.req.valid('json');
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canManageMembers(role), 'invite people');
    const token = newSecret();
    const now = deps.now();
    const invitation = await createInvitation(deps.db, {
      siteId: site.id,
      role: input.role,
      email: input.email === undefined ? null : normaliseEmail(input.email),
      tokenHash: hashSecret(token),
      createdBy: c.var.auth.user.id,
      now,
      expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
    });
    return c.json(
      { ...invitation, url: invitationUrl(publicOrigin(deps, c), token) } satisfies Invitation,
      201,
    );
  });

  app.delete('/v1/sites/:siteId/invitations/:id', auth, async (c) => {
    const { site, role } = await memberSite(deps, c, c.var.auth);
    assertPermitted(canManageMembers(role), 'withdraw invitations');
    if (!(await deleteInvitation(deps.db, site.id, idParam(c, 'id')))) {
      throw new ApiError('not_found', 'No such invitation.');
    }
    return c.body(null, 204);
  });

  return app;
}
