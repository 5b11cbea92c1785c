import { Hono } from 'hono';
import { z } from 'zod';
import type { Invitation, Member } from '../../../contract/api.js';
import { InvitationSchema, MemberSchema } from '../../../contract/api-schemas.js';
import { assertPermitted, canManageMembers } from '../../auth/permissions.js';
import { publicOrigin } from '../../bootstrap.js';
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
import { mailInvitation } from '../../mail/invitation.js';
import { InvitationInputSchema, MemberPatchSchema } from '../../schemas/members.js';
import { MemberParams, SiteItemParams, SiteParams } from '../../schemas/params.js';
import { hashSecret, newSecret } from '../../services/secrets.js';
import { route } from '../route.js';
import { memberSite } from './site-access.js';

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
export function memberRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/sites/:siteId/members',
      summary: 'A site’s members and their roles.',
      tags: ['members'],
      auth: 'signed-in',
      params: SiteParams,
      responses: { 200: z.array(MemberSchema) },
      errors: ['not_found'],
    },
    async (c, { auth, params }) => {
      const { site } = await memberSite(deps, params.siteId, auth);
      return c.json((await listMembers(deps.db, site.id)) satisfies Member[]);
    },
  );

  route(
    app,
    deps,
    {
      method: 'patch',
      path: '/v1/sites/:siteId/members/:userId',
      summary: 'Change a member’s role (owners); a site always keeps one owner.',
      tags: ['members'],
      auth: 'signed-in',
      params: MemberParams,
      body: MemberPatchSchema,
      responses: { 200: MemberSchema },
      errors: ['not_found', 'forbidden', 'conflict'],
    },
    async (c, { auth, params, body }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canManageMembers(role), 'change roles');
      assertChanged(await changeMemberRole(deps.db, site.id, params.userId, body.role));
      const member = await findMember(deps.db, site.id, params.userId);
      if (!member) throw new ApiError('not_found', 'No such member.');
      return c.json(member satisfies Member);
    },
  );

  route(
    app,
    deps,
    {
      method: 'delete',
      path: '/v1/sites/:siteId/members/:userId',
      summary: 'Remove a member (owners), or leave a site (anyone); a site always keeps one owner.',
      tags: ['members'],
      auth: 'signed-in',
      params: MemberParams,
      responses: { 204: null },
      errors: ['not_found', 'forbidden', 'conflict'],
    },
    async (c, { auth, params }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      // Anyone may leave a site; only owners may remove someone else.
      if (params.userId !== auth.user.id) assertPermitted(canManageMembers(role), 'remove members');
      assertChanged(await removeMember(deps.db, site.id, params.userId));
      return c.body(null, 204);
    },
  );

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/sites/:siteId/invitations',
      summary: 'A site’s open invitations (owners).',
      tags: ['members'],
      auth: 'signed-in',
      params: SiteParams,
      responses: { 200: z.array(InvitationSchema) },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canManageMembers(role), 'see invitations');
      return c.json((await listOpenInvitations(deps.db, site.id, deps.now())) satisfies Invitation[]);
    },
  );

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/sites/:siteId/invitations',
      summary: 'Invite someone by link (owners); the answer carries the link, shown once.',
      description:
        'With an `email` and SMTP_URL set, the link is also mailed to that address; `mailed` says ' +
        'whether the SMTP server took it.',
      tags: ['members'],
      auth: 'signed-in',
      params: SiteParams,
      body: InvitationInputSchema,
      responses: { 201: { description: 'Created; `url` is the link to send.', schema: InvitationSchema } },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params, body }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canManageMembers(role), 'invite people');
      const token = newSecret();
      const now = deps.now();
      const invitation = await createInvitation(deps.db, {
        siteId: site.id,
        role: body.role,
        email: body.email === undefined ? null : normaliseEmail(body.email),
        tokenHash: hashSecret(token),
        createdBy: auth.user.id,
        now,
        expiresAt: new Date(now.getTime() + body.expiresInDays * DAY_MS),
      });
      // Never from the request's Host header: PUBLIC_URL, or the server's own address.
      const url = invitationUrl(publicOrigin(deps.config), token);
      const mailed =
        invitation.email !== null &&
        (await mailInvitation(deps, {
          to: invitation.email,
          siteName: site.name,
          role: invitation.role,
          inviter: auth.user.name ?? auth.user.email,
          url,
          expiresAt: new Date(invitation.expiresAt),
        }));
      return c.json({ ...invitation, url, mailed } satisfies Invitation, 201);
    },
  );

  route(
    app,
    deps,
    {
      method: 'delete',
      path: '/v1/sites/:siteId/invitations/:id',
      summary: 'Withdraw an invitation (owners).',
      tags: ['members'],
      auth: 'signed-in',
      params: SiteItemParams,
      responses: { 204: null },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canManageMembers(role), 'withdraw invitations');
      if (!(await deleteInvitation(deps.db, site.id, params.id))) {
        throw new ApiError('not_found', 'No such invitation.');
      }
      return c.body(null, 204);
    },
  );

  return app;
}
