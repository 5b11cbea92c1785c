/**
 * Signed one-click unsubscribe links (RFC 8058): `/api/v1/unsubscribe/<site>.<user>.<signature>`,
 * the signature HMAC-SHA256 of the site and user ids under a key every replica shares
 * (`server_keys`). Nothing per link is stored, so a link works for as long as the key lives and a
 * forged or altered one is refused without a lookup.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { serverKey } from '../db/queries/email.js';
import type { Database } from '../db/schema.js';

/** The name of the key in `server_keys`. */
const KEY_NAME = 'unsubscribe';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Each database's key, fetched once per process. */
const keys = new WeakMap<Kysely<Database>, Promise<string>>();

function signingKey(db: Kysely<Database>): Promise<string> {
  let key = keys.get(db);
  if (!key) {
    key = serverKey(db, KEY_NAME, randomBytes(32).toString('base64url'));
    keys.set(db, key);
    key.catch(() => keys.delete(db));
  }
  return key;
}

function signature(key: string, siteId: string, userId: string): Buffer {
  return createHmac('sha256', key).update(`unsubscribe\u0000${siteId}\u0000${userId}`).digest();
}

/** The token of a member's unsubscribe link for a site. */
export async function unsubscribeToken(
  db: Kysely<Database>,
  siteId: string,
  userId: string,
): Promise<string> {
  const key = await signingKey(db);
  return `${siteId}.${userId}.${signature(key, siteId, userId).toString('base64url')}`;
}

/** The member and site a token was made for, or null when it is malformed or its signature is wrong. */
export async function verifyUnsubscribeToken(
  db: Kysely<Database>,
  token: string,
): Promise<{ siteId: string; userId: string } | null> {
  const [siteId, userId, signed, ...rest] = token.split('.');
  if (rest.length > 0 || !siteId || !userId || !signed) return null;
  if (!UUID.test(siteId) || !UUID.test(userId) || !/^[\w-]{43}$/.test(signed)) return null;
  const expected = signature(await signingKey(db), siteId, userId);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { siteId, userId };
}

/** The link a mail's List-Unsubscribe header and footer point at. */
export function unsubscribeUrl(origin: string, token: string): string {
  return `${origin}/api/v1/unsubscribe/${token}`;
}
