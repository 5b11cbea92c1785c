import { z } from 'zod';
import { LIMITS, REPORT_KINDS, type ReportInput, type ReportKind } from '../../contract/report.js';
import { characterCount, hasControlCharacter, hasLoneSurrogate } from './text.js';

/** Lower-case hex UUID version 4 with the RFC 9562 variant bits. */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
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

/** A string that is valid Unicode, free of control characters, NFC-normalised, then length-checked. */
function text({ min = 0, max, multiline = false }: TextOptions) {
  return z.string().transform((value, ctx) => {
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
const pageUrl = text({ min: 1, max: LIMITS.urlMax }).transform((value, ctx) => {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    ctx.addIssue({ code: 'custom', message: 'Must be an absolute http or https URL.' });
    return z.NEVER;
  }
  // The fragment is the reader's scroll position (or a text fragment), not part of the page.
  url.hash = '';
  return url.href;
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
export const ReportSchema = z.object({
  site: text({ min: 1, max: LIMITS.siteKeyMax }),
  id: z
    .string()
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
      published: pageField.transform((value) =>
        value === undefined ? undefined : publicationInstant(value),
      ),
    })
    .optional(),
  // Any string: a bot that fills the honeypot must get the answer a person gets, never a 400.
  hp: z.string().optional(),
});

/** A report that passed {@link ReportSchema}: normalised strings, `kind` filled in. */
export type ValidReport = z.output<typeof ReportSchema>;

/** `true` only when A and B are mutually assignable. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// Compile-time guards: the schema accepts exactly the contract's fields and yields the contract's
// types, so the widget (which imports only the contract) and the server cannot drift apart.
const acceptsContract: Same<z.input<typeof ReportSchema>, ReportInput> = true;
const sameFields: Same<keyof z.input<typeof ReportSchema>, keyof ReportInput> = true;
const sameQuoteFields: Same<keyof z.input<typeof ReportSchema>['quote'], keyof ReportInput['quote']> = true;
const samePageFields: Same<
  keyof NonNullable<z.input<typeof ReportSchema>['page']>,
  keyof NonNullable<ReportInput['page']>
> = true;
const yieldsContract: [ValidReport] extends [ReportInput & { kind: ReportKind }] ? true : false = true;
void [acceptsContract, sameFields, sameQuoteFields, samePageFields, yieldsContract];
