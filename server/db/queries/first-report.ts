/**
 * The facts of a group that notifications show, shared by the outbox (deliveries.ts) and e-mail
 * (email.ts): its first report's fields and the group's status and count across its report groups.
 * The SQL expects `groups g` joined with `reports r ON r.id = g.first_report_id`.
 */
import { sql } from 'kysely';
import type { ReportKind } from '../../../contract/report.js';

/** The first report's columns, in the order {@link FirstReportRow} names them. */
export const firstReportColumns = sql`g.first_report_id, r.url, r.title, r.quote_exact, r.quote_prefix,
  r.quote_suffix, r.suggestion, r.comment, r.kind`;

/** The status of the group's newest report group (null when it has none). */
export const groupStatusSql = sql`(SELECT rg.status FROM report_groups rg
  WHERE rg.site_id = g.site_id AND rg.group_key = g.group_key
  ORDER BY rg.last_received_at DESC LIMIT 1)`;

/** How many reports the group's report groups hold (null when it has none). */
export const groupCountSql = sql`(SELECT sum(rg.report_count) FROM report_groups rg
  WHERE rg.site_id = g.site_id AND rg.group_key = g.group_key)`;

/** The first report's columns as a row carries them. */
export interface FirstReportRow {
  first_report_id: string;
  url: string;
  title: string | null;
  quote_exact: string;
  quote_prefix: string;
  quote_suffix: string;
  suggestion: string | null;
  comment: string | null;
  kind: ReportKind;
}

/** The first report's fields, named as notifications use them; `Title` narrows the title where a query's row type does. */
export interface FirstReportFields<Title extends string | null = string | null> {
  firstReportId: string;
  url: string;
  title: Title;
  exact: string;
  prefix: string;
  suffix: string;
  suggestion: string | null;
  comment: string | null;
  kind: ReportKind;
}

/** A row's {@link FirstReportFields}. */
export function firstReportFields<Row extends FirstReportRow>(row: Row): FirstReportFields<Row['title']> {
  return {
    firstReportId: row.first_report_id,
    url: row.url,
    title: row.title,
    exact: row.quote_exact,
    prefix: row.quote_prefix,
    suffix: row.quote_suffix,
    suggestion: row.suggestion,
    comment: row.comment,
    kind: row.kind,
  };
}
