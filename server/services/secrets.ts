import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a URL, a cookie or a header: 32 bytes (256 bits) in base64url. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * The stored form of a secret (session ids, API tokens, invitation links). High-entropy secrets
 * need no salt or slow hash: SHA-256 makes the table useless to whoever reads it.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Prefix of API tokens, so leaked ones are recognisable by secret scanners. */
export const API_TOKEN_PREFIX = 'mp_';

/** A site's public key: 16 random bytes, URL-safe. Public, but unguessable so sites cannot be enumerated. */
export function newSiteKey(): string {
  return randomBytes(16).toString('base64url');
}
