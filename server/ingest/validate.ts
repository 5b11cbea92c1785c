import { LIMITS } from '../../contract/report.js';
import { ApiError } from '../errors.js';
import { parseOrThrow } from '../routes/validate.js';
import { ReportSchema, type ValidReport } from './schema.js';
import { characterCount } from './text.js';

/**
 * Validates and normalises a parsed body; throws 400 invalid_report listing every problem. The
 * ingest route's declaration validates exactly this way.
 */
export function parseReport(body: unknown): ValidReport {
  return parseOrThrow(ReportSchema, body, 'request body', 'invalid_report');
}

/** Enforces the site's own (lower) limit on the selection length, as a 400 on `quote.exact`. */
export function checkSelectionLength(report: ValidReport, maxSelection: number): void {
  const max = Math.min(maxSelection, LIMITS.exactMax);
  if (characterCount(report.quote.exact) > max) {
    throw new ApiError('invalid_report', 'The report is not valid.', {
      issues: [
        { path: 'quote.exact', message: `This site accepts selections of at most ${max} characters.` },
      ],
    });
  }
}
