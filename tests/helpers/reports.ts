/** Valid report bodies (docs/contract.md wire format) for fault, abuse and benchmark traffic. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DEFAULT_SITE_SETTINGS, type SiteSettings } from '../../contract/api.js';
import type { ReportInput } from '../../contract/report.js';
import { createSite } from '../../server/db/queries/sites.js';
import { createUser } from '../../server/db/queries/users.js';
import type { Database } from '../../server/db/schema.js';

/** The origin fixtures' sites allow. */
export const FIXTURE_ORIGIN = 'https://news.example';

/**
 * A valid report for `siteKey`, the example of docs/contract.md's wire format; `n` makes its page and text
 * distinct, `overrides` replace fields.
 */
export function validReport(siteKey: string, n?: number, overrides: Partial<ReportInput> = {}): ReportInput {
  const tag = n === undefined ? '' : `/${n}`;
  return {
    site: siteKey,
    id: randomUUID(),
    url: `${FIXTURE_ORIGIN}/budget-2027${tag}`,
    title: 'Council passes the budget',
    lang: 'en',
    quote: {
      exact: n === undefined ? 'recieved' : `recieved ${n}`,
      prefix: 'the council has ',
      suffix: ' the draft budget on Monday',
    },
    position: { start: 1234, end: 1242 },
    suggestion: 'received',
    comment: 'spelling',
    kind: 'typo',
    hp: '',
    ...overrides,
  };
}

/** A distinct private address per simulated reader `n` (sent as X-Forwarded-For; never dialled). */
export function clientAddress(n: number): string {
  return `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Rate limits high enough that only the limiter under test, if any, ever says no. */
export const GENEROUS_RATE_LIMITS = Object.freeze({
  clientPerMinute: 1_000_000,
  clientPerDay: 1_000_000,
  sitePerMinute: 1_000_000,
});

/**
 * Creates an owner and a site allowing {@link FIXTURE_ORIGIN}; returns the site's id and key. A given
 * `key` replaces the random one, for suites that must name the site before their database exists.
 */
export async function createFixtureSite(
  db: Kysely<Database>,
  options: { rateLimits?: Partial<SiteSettings['rateLimits']>; key?: string } = {},
): Promise<{ id: string; key: string }> {
  const owner = await createUser(db, { email: `owner-${randomUUID()}@example.com`, password: null });
  const settings: SiteSettings = {
    ...DEFAULT_SITE_SETTINGS,
    rateLimits: { ...DEFAULT_SITE_SETTINGS.rateLimits, ...options.rateLimits },
  };
  const site = await createSite(db, {
    name: 'Fixture news',
    origins: [FIXTURE_ORIGIN],
    ownerId: owner.id,
    settings,
  });
  if (options.key)
    await db.updateTable('sites').set({ key: options.key }).where('id', '=', site.id).execute();
  return { id: site.id, key: options.key ?? site.key };
}
