import { z } from 'zod';
import { LIMITS, STATUS_IDS_MAX, type StatusQuestion } from '../../contract/report.js';

/** Any UUID, as the widget made it; case-folded so it matches the stored lower-case form. */
const REPORT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The body of `POST /api/v1/reports/status`. Ids are de-duplicated; an empty list is a valid question. */
export const StatusQuestionSchema = z
  .object({
    site: z.string().min(1).max(LIMITS.siteKeyMax),
    ids: z
      .array(
        z
          .string()
          .transform((value) => value.toLowerCase())
          .pipe(z.string().regex(REPORT_ID, 'Must be a report id (a UUID).')),
      )
      .max(STATUS_IDS_MAX)
      .transform((ids) => [...new Set(ids)]),
  })
  .meta({ examples: [{ site: 'pk_3f9a1c2b7d', ids: ['0d6c2f4e-8a1b-4c3d-9e5f-7a8b9c0d1e2f'] }] });

/** `true` only when A and B are mutually assignable. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// The schema takes exactly the contract's question, which the widget builds from the contract alone.
const acceptsContract: Same<z.input<typeof StatusQuestionSchema>, StatusQuestion> = true;
void acceptsContract;
