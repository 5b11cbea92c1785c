/** Requests about sites: creating one, changing its name, origins and settings. */
import { z } from 'zod';
import {
  RETENTION_DAYS_MAX,
  RETENTION_DAYS_MIN,
  ROUTES_MAX,
  type RouteRule,
  type RouteTest,
  type SiteInput,
} from '../../contract/api.js';
import { LIMITS } from '../../contract/report.js';
import { normaliseOrigin } from '../services/origins.js';
import { canonicalTimeZone } from '../services/time-zones.js';
import { NameSchema } from './accounts.js';
import { text } from './text.js';

/** Most origins one site may list: a newsroom's domains, staging hosts and AMP caches fit easily. */
export const ORIGINS_MAX = 50;

/** Highest per-site rate limits an owner may set; high enough for a large site, low enough to stay a limit. */
export const RATE_LIMIT_MAX = Object.freeze({
  clientPerMinute: 10_000,
  clientPerDay: 1_000_000,
  sitePerMinute: 1_000_000,
  nullOriginPerMinute: 1_000_000,
});

/** An allowed origin; anything after the host and port (`/`, a path) is dropped. */
export const OriginSchema = text({ min: 1, max: LIMITS.urlMax, trim: true })
  .transform((value, ctx) => {
    const normalised = normaliseOrigin(value);
    if (normalised === null) {
      ctx.addIssue({ code: 'custom', message: 'must be an http(s) origin such as https://news.example' });
      return z.NEVER;
    }
    return normalised;
  })
  .meta({
    description: 'An http(s) origin such as https://news.example; anything after the port is dropped.',
  });

/** The origins allowed to send reports, normalised and without repeats. */
const origins = z
  .array(OriginSchema)
  .max(ORIGINS_MAX)
  .transform((list) => [...new Set(list)]);

/** An "Edit in CMS" link with a `{url}` placeholder for the page's address, or null for none. */
const cmsUrlTemplate = text({ max: LIMITS.urlMax, trim: true })
  .refine((t) => t.includes('{url}'), 'must contain the {url} placeholder')
  .refine((t) => {
    const example = t.replaceAll('{url}', 'https%3A%2F%2Fnews.example%2F');
    return URL.canParse(example) && /^https?:$/.test(new URL(example).protocol);
  }, 'must be an http(s) URL')
  .nullable();

/** A page's author or section as rules and filters name it: trimmed; empty means none. */
export const PageNameSchema = z
  .string()
  .trim()
  .max(LIMITS.pageFieldMax)
  .transform((v) => v || undefined);

/** A user id, lower-cased as PostgreSQL prints uuids, so stored rules compare equal. */
export const UserIdSchema = z
  .uuid()
  .transform((v) => v.toLowerCase())
  .meta({ format: 'uuid' });

/** One routing rule; the assignee's role is checked against the site when saved (routes/editor/routing.ts). */
const routeRule = z
  .object({ author: PageNameSchema.optional(), section: PageNameSchema.optional(), assignee: UserIdSchema })
  .transform(({ author, section, assignee }) => ({
    ...(author ? { author } : {}),
    ...(section ? { section } : {}),
    assignee,
  }))
  .refine((rule) => rule.author !== undefined || rule.section !== undefined, {
    message: 'a rule needs an author or a section',
    path: ['author'],
  })
  .meta({
    description: 'A rule names an author, a section or both; the first matching rule assigns.',
  }) satisfies z.ZodType<RouteRule>;

/** A site's routing rules, in the order they are tried. */
export const RoutesSchema = z.array(routeRule).max(ROUTES_MAX);

/** `POST /sites/:siteId/routes/test`. */
export const RouteTestSchema = z
  .object({
    author: PageNameSchema.optional(),
    section: PageNameSchema.optional(),
    routes: RoutesSchema.optional(),
  })
  .meta({ examples: [{ author: 'Jane Roe', section: 'Politics' }] }) satisfies z.ZodType<RouteTest>;

/** An IANA time zone name the runtime knows (`Europe/Berlin`, `UTC`), in its canonical spelling. */
export const TimeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform((value, ctx) => {
    const zone = canonicalTimeZone(value);
    if (zone === null) {
      ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone such as Europe/Berlin or UTC' });
      return z.NEVER;
    }
    return zone;
  })
  .meta({
    description: 'An IANA time zone; daily digests go out at 08:00 there.',
    examples: ['Europe/Berlin'],
  });

/** Settings a request may change; those it leaves out keep their stored (or default) value. */
const settings = z.object({
  maxSelection: z.int().min(1).max(LIMITS.exactMax).optional(),
  cmsUrlTemplate: cmsUrlTemplate.optional(),
  routes: RoutesSchema.optional(),
  retentionDays: z
    .int()
    .min(RETENTION_DAYS_MIN, `must be at least ${RETENTION_DAYS_MIN} days, or null to keep reports`)
    .max(RETENTION_DAYS_MAX)
    .nullable()
    .optional()
    .meta({ description: 'Closed reports older than this many days are deleted daily; null keeps them.' }),
  timezone: TimeZoneSchema.optional(),
  rateLimits: z
    .object({
      clientPerMinute: z.int().min(1).max(RATE_LIMIT_MAX.clientPerMinute).optional(),
      clientPerDay: z.int().min(1).max(RATE_LIMIT_MAX.clientPerDay).optional(),
      sitePerMinute: z.int().min(1).max(RATE_LIMIT_MAX.sitePerMinute).optional(),
      nullOriginPerMinute: z
        .int()
        .min(0)
        .max(RATE_LIMIT_MAX.nullOriginPerMinute)
        .optional()
        .meta({ description: 'Reports a minute for the site sent with Origin: null; 0 refuses them.' }),
    })
    .optional(),
});

/** `POST /sites`. */
export const SiteInputSchema = z.object({ name: NameSchema, origins, settings: settings.optional() }).meta({
  examples: [
    {
      name: 'The Daily News',
      origins: ['https://news.example', 'https://amp.news.example'],
      settings: {
        maxSelection: 300,
        cmsUrlTemplate: 'https://cms.news.example/edit?page={url}',
        retentionDays: 365,
        rateLimits: { clientPerMinute: 10, clientPerDay: 100, sitePerMinute: 600, nullOriginPerMinute: 60 },
      },
    },
  ],
}) satisfies z.ZodType<SiteInput>;

/** `PATCH /sites/:siteId`: any part of a {@link SiteInput}; settings merge into the stored ones. */
export const SitePatchSchema = z
  .object({ name: NameSchema.optional(), origins: origins.optional(), settings: settings.optional() })
  .meta({
    examples: [{ name: 'Daily News', settings: { rateLimits: { sitePerMinute: 1200 } } }],
  }) satisfies z.ZodType<Partial<SiteInput>>;
