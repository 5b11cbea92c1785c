import { z } from 'zod';
import { LIMITS, REPORT_KINDS, type ReportInput, type ReportKind } from '../../contract/report.js';
import type { Same } from '../../contract/same-type.js';
import { characterCount, hasControlCharacter, hasLoneSurrogate } from './text.js';

/** Lower-case hex UUID version 4 with the RFC 9562 variant bits. */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** {@link UUID_V4} before lower-casing, as the document states it. */
const UUID_V4_ANY_CASE =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';
/** A BCP 47 language tag's shape (`en`, `pt-BR`, `zh-Hant-TW`); the registry itself is not consulted. */
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
/** PostgreSQL `integer`, the column type of positions. */
const MAX_POSITION = 2_147_483_647;

/** Options of {@link text}. */
interface TextOptions {
  min?: number;
  max: number;
  /** Tab and line feed allowed (free text typed by the reader). */
  multiline?: boolean;
}

/**
 * A string that is valid Unicode, free of control characters, NFC-normalised, then length-checked
 * in code points (the unit of the limits, and of the document's minLength and maxLength).
 */
function text({ min = 0, max, multiline = false }: TextOptions) {
  const limits = { ...(min > 0 ? { minLength: min } : {}), maxLength: max };
  return z
    .string()
    .meta(limits)
    .transform((value, ctx) => {
      if (hasLoneSurrogate(value)) {
        ctx.addIssue({ code: 'custom', message: 'Contains an unpaired surrogate (not valid Unicode).' });
        return z.NEVER;
      }
      if (hasControlCharacter(value, multiline)) {
        ctx.addIssue({
          code: 'custom',
          message: multiline
            ? 'Contains a control character other than newline or tab.'
            : 'Contains a control character.',
        });
        return z.NEVER;
      }
      const normalised = value.normalize('NFC');
      const length = characterCount(normalised);
      if (length < min || length > max) {
        ctx.addIssue({
          code: 'custom',
          message:
            min > 0 ? `Must be ${min}–${max} characters long.` : `Must be at most ${max} characters long.`,
        });
        return z.NEVER;
      }
      return normalised;
    });
}

/** An absolute http(s) URL of at most LIMITS.urlMax characters, without its fragment. */
const pageUrl = text({ min: 1, max: LIMITS.urlMax })
  .transform((value, ctx) => {
    const url = URL.canParse(value) ? new URL(value) : null;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      ctx.addIssue({ code: 'custom', message: 'Must be an absolute http or https URL.' });
      return z.NEVER;
    }
    // The fragment is the reader's scroll position (or a text fragment), not part of the page.
    url.hash = '';
    // The limit holds for what is stored: parsing percent-encodes what the reader's browser may
    // have sent raw (an emoji becomes 12 characters), so the stored form is checked again.
    if (characterCount(url.href) > LIMITS.urlMax) {
      ctx.addIssue({
        code: 'custom',
        message: `Must be at most ${LIMITS.urlMax} characters long once normalised (percent-encoded).`,
      });
      return z.NEVER;
    }
    return url.href;
  })
  .meta({
    description: `The page: an absolute http(s) URL; its fragment is dropped. The limit applies to the normalised, percent-encoded form that is stored.`,
  });

const position = z
  .object({
    start: z.number().int().min(0).max(MAX_POSITION),
    end: z.number().int().min(0).max(MAX_POSITION),
  })
  .refine((p) => p.end >= p.start, { message: 'end must not be before start.', path: ['end'] });

/** An ISO 8601 date or date-time (`2026-11-20`, `2026-11-20T08:00:00+01:00`): what pages publish. */
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * A publication time as the UTC instant it names, or undefined when the page's value is not an
 * ISO 8601 date: metadata is copied from markup, so a bad value costs the field, never the report.
 * A time without a zone is read as UTC, whatever this server's zone.
 */
export function publicationInstant(value: string): string | undefined {
  const trimmed = value.trim();
  if (!ISO_DATE_TIME.test(trimmed)) return undefined;
  const hasZone = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(trimmed) && trimmed.length > 10;
  const normalised = trimmed.replace(' ', 'T').replace(',', '.');
  const withZone = hasZone || normalised.length === 10 ? normalised : `${normalised}Z`;
  const ms = Date.parse(withZone);
  if (!Number.isFinite(ms)) return undefined;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1900 && year <= 9999 ? new Date(ms).toISOString() : undefined;
}

/** A `page` field: one line of text, whitespace collapsed; empty means absent. */
const pageField = text({ max: LIMITS.pageFieldMax })
  .transform((value) => value.replace(/\s+/g, ' ').trim() || undefined)
  .optional();

/** The wire format of `POST /api/v1/reports`. Unknown fields are dropped, so newer widgets still work. */
export const ReportSchema = z
  .object({
    site: text({ min: 1, max: LIMITS.siteKeyMax }),
    id: z
      .string()
      .meta({ format: 'uuid', pattern: UUID_V4_ANY_CASE })
      .transform((value) => value.toLowerCase())
      .pipe(z.string().regex(UUID_V4, 'Must be a UUID version 4.')),
    url: pageUrl,
    title: text({ max: LIMITS.titleMax }).optional(),
    // Copied from the page's markup, not typed by the reader: a malformed tag (`en_US`, `x default`)
    // is repaired or dropped rather than costing the reader their report.
    lang: text({ max: LIMITS.langMax })
      .transform((value) => {
        const tag = value.trim().replaceAll('_', '-');
        return LANGUAGE_TAG.test(tag) ? tag : undefined;
      })
      .optional(),
    quote: z.object({
      exact: text({ min: 1, max: LIMITS.exactMax, multiline: true }),
      prefix: text({ max: LIMITS.contextMax, multiline: true }),
      suffix: text({ max: LIMITS.contextMax, multiline: true }),
    }),
    position: position.optional(),
    suggestion: text({ max: LIMITS.suggestionMax, multiline: true }).optional(),
    comment: text({ max: LIMITS.commentMax, multiline: true }).optional(),
    kind: z.enum(REPORT_KINDS).default('typo'),
    page: z
      .object({
        author: pageField,
        section: pageField,
        published: pageField
          .transform((value) => (value === undefined ? undefined : publicationInstant(value)))
          .meta({ description: 'An ISO 8601 date or date-time; another value is dropped.' }),
      })
      .optional()
      .meta({ description: 'What the page says about itself (schema.org or meta tags); drives routing.' }),
    // Any string: a bot that fills the honeypot must get the answer a person gets, never a 400.
    hp: z.string().optional().meta({ description: 'Honeypot: a person leaves it empty.' }),
  })
  .meta({
    examples: [
      {
        site: 'pk_3f9a1c2b7d',
        id: '0d6c2f4e-8a1b-4c3d-9e5f-7a8b9c0d1e2f',
        url: 'https://news.example/budget-2027',
        title: 'Council passes the 2027 budget',
        lang: 'en',
        quote: { exact: 'recieved', prefix: 'the council has ', suffix: ' the draft budget on Monday' },
        position: { start: 1234, end: 1242 },
        suggestion: 'received',
        comment: 'spelling',
        kind: 'typo',
        page: { author: 'Jane Roe', section: 'Politics', published: '2026-11-20T08:00:00Z' },
        hp: '',
      },
    ],
  });

/** A report that passed {@link ReportSchema}: normalised strings, `kind` filled in. */
export type ValidReport = z.output<typeof ReportSchema>;

// Compile-time guards: the schema accepts exactly the contract's fields (at every level) and yields
// the contract's types, so the widget (which imports only the contract) and the server cannot drift.
const acceptsContract: Same<z.input<typeof ReportSchema>, ReportInput> = true;
const yieldsContract: [ValidReport] extends [ReportInput & { kind: ReportKind }] ? true : false = true;
void [acceptsContract, yieldsContract];
