import { Hono } from 'hono';
import type { NotificationSettings } from '../../../contract/api.js';
import { NotificationSettingsSchema } from '../../../contract/api-schemas.js';
import { findEmailChoice, setEmailChoice } from '../../db/queries/email.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { NotificationSettingsInputSchema } from '../../schemas/notifications.js';
import { SiteParams } from '../../schemas/params.js';
import { route } from '../route.js';
import { memberSite } from './site-access.js';

const NOT_A_MEMBER = 'No such site.';

/** `/v1/sites/:siteId/notifications`: the caller's own e-mail choice for a site (any member). */
export function notificationRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/sites/:siteId/notifications',
      summary: 'The caller’s own e-mail choice for the site, and whether the server can mail at all.',
      description:
        'A member who never chose has the default of their role: `daily` for owners and editors, ' +
        '`off` for viewers. `emailConfigured` is false when the server has no SMTP_URL.',
      tags: ['notifications'],
      auth: 'signed-in',
      params: SiteParams,
      responses: { 200: NotificationSettingsSchema },
      errors: ['not_found'],
    },
    async (c, { auth, params }) => {
      const { site } = await memberSite(deps, params.siteId, auth);
      const email = await findEmailChoice(deps.db, site.id, auth.user.id);
      if (email === undefined) throw new ApiError('not_found', NOT_A_MEMBER);
      return c.json({ email, emailConfigured: deps.mailer.enabled } satisfies NotificationSettings);
    },
  );

  route(
    app,
    deps,
    {
      method: 'patch',
      path: '/v1/sites/:siteId/notifications',
      summary: 'Change the caller’s own e-mail choice for the site: off, instant or daily.',
      description:
        '`instant`: a mail for each new group assigned to the caller or to nobody, groups within ' +
        '5 minutes of the last mail coming together; `daily`: a digest at 08:00 in the site’s time zone.',
      tags: ['notifications'],
      auth: 'signed-in',
      params: SiteParams,
      body: NotificationSettingsInputSchema,
      responses: { 200: NotificationSettingsSchema },
      errors: ['not_found'],
    },
    async (c, { auth, params, body }) => {
      const { site } = await memberSite(deps, params.siteId, auth);
      const saved = await setEmailChoice(deps.db, {
        siteId: site.id,
        userId: auth.user.id,
        email: body.email,
        now: deps.now(),
      });
      if (!saved) throw new ApiError('not_found', NOT_A_MEMBER);
      return c.json({
        email: body.email,
        emailConfigured: deps.mailer.enabled,
      } satisfies NotificationSettings);
    },
  );

  return app;
}
