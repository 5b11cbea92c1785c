import { Hono } from 'hono';
import type { Me } from '../../../contract/api.js';
import { MeSchema } from '../../../contract/api-schemas.js';
import { assertSameOrigin } from '../../auth/csrf.js';
import { clearSessionCookie } from '../../auth/session-cookie.js';
import { startSession } from '../../auth/sessions.js';
import { signInWithPassword } from '../../auth/sign-in.js';
import { deleteSession } from '../../db/queries/sessions.js';
import type { AppDeps } from '../../deps.js';
import { LoginSchema } from '../../schemas/accounts.js';
import { route } from '../route.js';

/** `POST /v1/auth/login` and `POST /v1/auth/logout`. */
export function authRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/auth/login',
      summary: 'Sign in with e-mail and password; sets the session cookie.',
      description:
        'Failed sign-ins are throttled per account and per client address (429 with Retry-After). ' +
        'Cross-site requests are refused.',
      tags: ['auth'],
      auth: 'public',
      body: LoginSchema,
      responses: { 200: { description: 'Signed in.', schema: MeSchema } },
      errors: ['unauthenticated', 'forbidden', 'rate_limited'],
    },
    async (c, { body }) => {
      // A forged cross-site sign-in would put the victim in the attacker's account.
      assertSameOrigin(c, deps.config);
      const user = await signInWithPassword(deps, c, body.email, body.password);
      const csrfToken = await startSession(deps, c, user.id);
      return c.json({ user, csrfToken } satisfies Me);
    },
  );

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/auth/logout',
      summary: 'Sign out: ends the session.',
      tags: ['auth'],
      auth: 'signed-in',
      responses: { 204: null },
    },
    async (c, { auth }) => {
      if (auth.kind === 'session') {
        await deleteSession(deps.db, auth.sessionIdHash);
        clearSessionCookie(c, deps.config);
      }
      return c.body(null, 204);
    },
  );

  return app;
}
