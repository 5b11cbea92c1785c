import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import { createInstallationIfEmpty } from './db/queries/demo.js';
import type { Database } from './db/schema.js';
import { NewPasswordSchema } from './schemas/passwords.js';
import { embedSnippet } from './services/snippet.js';

/** The first owner's e-mail on a fresh installation; `.example` is reserved, so it never reaches anyone. */
export const FIRST_OWNER_EMAIL = 'owner@misprint.example';
/** Name of the site the first start creates for the `/demo` page. */
export const DEMO_SITE_NAME = 'Misprint demo';

/** What a newcomer needs after the first start, printed once by `misprint serve`. */
export interface FirstStart {
  readonly siteKey: string;
  readonly snippet: string;
  readonly ownerEmail: string;
  /** Generated here and shown only once; the database keeps its scrypt hash. */
  readonly ownerPassword: string;
}

/** HOST values that mean "every address": no one address to name in a link. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * The origin the server is reached at, for links sent to people (snippets, invitations, mails):
 * PUBLIC_URL, else the address it listens on (HOST when it names one, localhost when it listens on
 * all) and its port. Never a request's Host header, which whoever sends the request chooses.
 */
export function publicOrigin(config: Config): string {
  if (config.publicUrl) return new URL(config.publicUrl).origin;
  const host = WILDCARD_HOSTS.has(config.host) ? 'localhost' : config.host;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${config.port}`;
}

/**
 * The origins the server's own pages are served from, which the demo site must accept reports
 * from. Without PUBLIC_URL a newcomer may open either localhost or 127.0.0.1.
 */
export function ownOrigins(config: Config): string[] {
  if (config.publicUrl) return [new URL(config.publicUrl).origin];
  return [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`];
}

/**
 * On an empty database, creates the first owner (with a random password) and the demo site for the
 * server's own origins. Returns what to print, or null when the database already had users.
 */
export async function bootstrapFirstStart(db: Kysely<Database>, config: Config): Promise<FirstStart | null> {
  // 18 random bytes: 144 bits, 24 URL-safe characters that survive copy and paste. Checked by the
  // rule like every password that is set (it cannot fail it, but the rule is the rule).
  const ownerPassword = NewPasswordSchema.parse(randomBytes(18).toString('base64url'));
  const created = await createInstallationIfEmpty(db, {
    ownerEmail: FIRST_OWNER_EMAIL,
    ownerPassword,
    siteName: DEMO_SITE_NAME,
    origins: ownOrigins(config),
  });
  if (!created) return null;
  return {
    siteKey: created.site.key,
    snippet: embedSnippet(publicOrigin(config), created.site.key),
    ownerEmail: created.owner.email,
    ownerPassword,
  };
}
