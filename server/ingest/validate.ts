import type { ErrorIssue } from '../../contract/errors.js';
import { LIMITS } from '../../contract/report.js';
import { ApiError } from '../errors.js';
import { ReportSchema, type ValidReport } from './schema.js';
import { characterCount } from './text.js';

/** Dotted path of a zod issue (`quote.exact`); the root is the empty string. */
function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Validates and normalises a parsed body; throws 400 invalid_report listing every problem. */
export function parseReport(body: unknown): ValidReport {
  const result = ReportSchema.safeParse(body);
  if (result.success) return result.data;
  const issues: ErrorIssue[] = result.error.issues.map((issue) => ({
    path: dotted(issue.path),
    message: issue.message,
  }));
  throw new ApiError('invalid_report', 'The report is not valid.', { issues });
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
