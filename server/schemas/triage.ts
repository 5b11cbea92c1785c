/** Requests of triage help: re-checking pages on demand. */
import { z } from 'zod';
import type { RecheckInput } from '../../contract/api.js';
import { LIMITS } from '../../contract/report.js';
import { text } from './text.js';

/** `POST /sites/:siteId/recheck`: one page's http(s) URL, or nothing for every page with open groups. */
export const RecheckInputSchema = z
  .object({
    url: text({ max: LIMITS.urlMax, trim: true })
      .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL')
      .optional()
      .meta({
        description:
          'The page to re-check (a CMS sends the page it just published); without it, every page with open groups.',
      }),
  })
  .meta({ examples: [{ url: 'https://news.example/budget-2027' }, {}] }) satisfies z.ZodType<RecheckInput>;
