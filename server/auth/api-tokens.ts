import { findApiTokenByHash, touchApiToken } from '../db/queries/tokens.js';
import type { AppDeps } from '../deps.js';
import { API_TOKEN_PREFIX, hashSecret } from '../services/secrets.js';
import type { TokenAuth } from './context.js';

/** `last_used_at` is a hint for the owner, not an audit log: one write a minute per token is enough. */
export const TOKEN_TOUCH_INTERVAL_MS = 60 * 1000;

/** The live API token behind a bearer secret; null for an unknown, revoked or expired one. */
export async function resolveApiToken(deps: AppDeps, secret: string): Promise<TokenAuth | null> {
  if (!secret.startsWith(API_TOKEN_PREFIX)) return null;
  const token = await findApiTokenByHash(deps.db, hashSecret(secret));
  if (!token || token.revokedAt) return null;
  const now = deps.now();
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return null;
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= TOKEN_TOUCH_INTERVAL_MS) {
    await touchApiToken(deps.db, token.id, now);
  }
  return { kind: 'token', user: token.user, tokenId: token.id, scope: token.scope };
}
