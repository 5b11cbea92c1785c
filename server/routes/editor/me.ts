import { Hono } from 'hono';
import { z } from 'zod';
import type { ApiToken, CreatedApiToken, Me } from '../../../contract/api.js';
import { ApiTokenSchema, CreatedApiTokenSchema, MeSchema } from '../../../contract/api-schemas.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../db/queries/tokens.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { TokenInputSchema } from '../../schemas/accounts.js';
import { IdParams } from '../../schemas/params.js';
import { route } from '../route.js';

/** `GET /v1/me` and the caller's own API tokens (`/v1/tokens`). */
export function meRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/me',
      summary: 'Who is signed in.',
      tags: ['auth'],
      auth: 'signed-in',
      responses: { 200: MeSchema },
    },
    (c, { auth }) =>
      c.json({ user: auth.user, csrfToken: auth.kind === 'session' ? auth.csrfToken : null } satisfies Me),
  );

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/tokens',
      summary: 'The caller’s live API tokens.',
      tags: ['tokens'],
      auth: 'signed-in',
      responses: { 200: z.array(ApiTokenSchema) },
    },
    async (c, { auth }) =>
      c.json((await listApiTokens(deps.db, auth.user.id, deps.now())) satisfies ApiToken[]),
  );

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/tokens',
      summary: 'Create an API token for scripts (Authorization: Bearer); its secret is shown once.',
      description:
        'Only a signed-in session may create tokens: an API token asking is refused (403), so a ' +
        'leaked token cannot mint others that outlive its revocation. `read` tokens are refused ' +
        '(403) on every unsafe method; `expiresInDays` ends a token by itself.',
      tags: ['tokens'],
      auth: 'signed-in',
      body: TokenInputSchema,
      responses: { 201: { description: 'Created.', schema: CreatedApiTokenSchema } },
      errors: ['forbidden'],
    },
    async (c, { auth, body }) => {
      if (auth.kind !== 'session') {
        throw new ApiError('forbidden', 'An API token cannot create tokens; sign in to create one.');
      }
      const token = await createApiToken(deps.db, auth.user.id, body, deps.now());
      return c.json(token satisfies CreatedApiToken, 201);
    },
  );

  route(
    app,
    deps,
    {
      method: 'delete',
      path: '/v1/tokens/:id',
      summary: 'Revoke one of the caller’s API tokens.',
      tags: ['tokens'],
      auth: 'signed-in',
      params: IdParams,
      responses: { 204: null },
      errors: ['not_found'],
    },
    async (c, { auth, params }) => {
      if (!(await revokeApiToken(deps.db, auth.user.id, params.id, deps.now()))) {
        throw new ApiError('not_found', 'No such token.');
      }
      return c.body(null, 204);
    },
  );

  return app;
}
