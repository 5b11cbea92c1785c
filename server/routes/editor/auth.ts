import { Hono } from 'hono';
import type { Me } from '../../../contract/api.js';
import { requireAuth } from '../../auth/authenticate.js';
import type { AuthEnv } from '../../auth/context.js';
import { checkCredentials } from '../../auth/credentials.js';
import { assertSameOrigin } from '../../auth/csrf.js';
import {
  assertLoginAllowed,
  loginKeys,
  noteLoginFailure,
  noteLoginSuccess,
} from '../../auth/login-throttle.js';
import { clearSessionCookie } from '../../auth/session-cookie.js';
import { startSession } from '../../auth/sessions.js';
import { deleteSession } from '../../db/queries/sessions.js';
import { normaliseEmail } from '../../db/queries/users.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { clientAddress } from '../../services/client-address.js';
import { LoginSchema } from './schemas.js';
import { jsonBody } from './validate.js';

/** `POST /v1/auth/login` and `POST /v1/auth/logout`. */
export function authRoutes(deps: AppDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.post('/v1/auth/login', jsonBody(LoginSchema), async (c) => {
    // A forged cross-site sign-in would put the victim in the attacker's account.
    assertSameOrigin(c, deps.config);
    const { email, password } = c.req.valid('json');
    const keys = loginKeys(normaliseEmail(email), clientAddress(c, deps.config.trustProxy));
    await assertLoginAllowed(deps, keys);
    const user = await checkCredentials(deps, email, password);
    if (!user) {
      await noteLoginFailure(deps, keys);
      throw new ApiError('unauthenticated', 'Wrong e-mail or password.');
    }
    await noteLoginSuccess(deps, keys);
    const csrfToken = await startSession(deps, c, user.id);
    return c.json({ user, csrfToken } satisfies Me);
  });

  app.post('/v1/auth/logout', requireAuth(deps), async (c) => {
    const auth = c.var.auth;
    if (auth.kind === 'session') {
      await deleteSession(deps.db, auth.sessionIdHash);
      clearSessionCookie(c, deps.config);
    }
    return c.body(null, 204);
  });

  return app;
}
