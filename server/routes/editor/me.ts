import { Hono } from 'hono';
import type { ApiToken, CreatedApiToken, Me } from '../../../contract/api.js';
import { requireAuth } from '../../auth/authenticate.js';
import type { AuthEnv } from '../../auth/context.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../db/queries/tokens.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { TokenInputSchema } from './schemas.js';
import { idParam, jsonBody } from './validate.js';

/** `GET /v1/me` and the caller's own API tokens (`/v1/tokens`). */
export function meRoutes(deps: AppDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const auth = requireAuth(deps);

  app.get('/v1/me', auth, (c) => {
    const who = c.var.auth;
    return c.json({ user: who.user, csrfToken: who.kind === 'session' ? who.csrfToken : null } satisfies Me);
  });

  app.get('/v1/tokens', auth, async (c) => {
    return c.json((await listApiTokens(deps.db, c.var.auth.user.id)) satisfies ApiToken[]);
  });

  app.post('/v1/tokens', auth, jsonBody(TokenInputSchema), async (c) => {
    const token = await createApiToken(deps.db, c.var.auth.user.id, c.req.valid('json').name);
    return c.json(token satisfies CreatedApiToken, 201);
  });

  app.delete('/v1/tokens/:id', auth, async (c) => {
    const revoked = await revokeApiToken(deps.db, c.var.auth.user.id, idParam(c, 'id'), deps.now());
    if (!revoked) throw new ApiError('not_found', 'No such token.');
    return c.body(null, 204);
  });

  return app;
}
