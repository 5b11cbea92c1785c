/**
 * The body of an event as a webhook receives it (DESIGN "Notifications"), built from the group's
 * facts when the event is fanned out, so every retry sends the same bytes.
 */
import type { EventBody, NotifyEvent } from '../../contract/channels.js';
import { openOnPageUrl } from '../../contract/links.js';
import type { ReportStatus } from '../../contract/report.js';
import type { GroupFacts } from '../db/queries/deliveries.js';

/** What changed in a `group.updated` event, as `misprint_emit` payloads carry it. */
export interface EventChanges {
  status?: { from: ReportStatus; to: ReportStatus };
  assignee?: { from: string | null; to: string | null };
}

/** The dashboard's address of a group: its first report's page. */
export function dashboardUrl(origin: string, reportId: string): string {
  return `${origin}/app/reports/${reportId}`;
}

/** An event's webhook body. */
export function eventBody(
  type: NotifyEvent,
  at: Date,
  facts: GroupFacts,
  origin: string,
  extra: { reportId?: string; changes?: EventChanges } = {},
): EventBody {
  return {
    type,
    timestamp: at.toISOString(),
    data: {
      site: { id: facts.siteId, name: facts.siteName },
      group: {
        id: facts.groupId,
        url: facts.url,
        title: facts.title,
        quote: facts.exact,
        suggestion: facts.suggestion,
        comment: facts.comment,
        kind: facts.kind,
        status: extra.changes?.status?.to ?? facts.status,
        count: facts.count,
        assignee: facts.assignee,
        page: {
          author: facts.author,
          section: facts.section,
          publishedAt: facts.publishedAt?.toISOString() ?? null,
        },
        dashboardUrl: dashboardUrl(origin, facts.firstReportId),
        pageUrl: openOnPageUrl(facts.url, { exact: facts.exact, prefix: facts.prefix, suffix: facts.suffix }),
      },
      ...(extra.reportId !== undefined ? { reportId: extra.reportId } : {}),
      ...(extra.changes !== undefined ? { changes: extra.changes } : {}),
    },
  };
}

/** The sample a channel test sends: a made-up group on the channel's own site. */
export function sampleEventBody(site: { id: string; name: string }, origin: string, at: Date): EventBody {
  return {
    type: 'group.created',
    timestamp: at.toISOString(),
    data: {
      site,
      group: {
        id: '00000000-0000-4000-8000-000000000000',
        url: 'https://news.example/sample-article',
        title: 'A sample article (Misprint test message)',
        quote: 'recieved',
        suggestion: 'received',
        comment: 'This is a test message from Misprint.',
        kind: 'typo',
        status: 'new',
        count: 1,
        assignee: null,
        page: { author: null, section: null, publishedAt: null },
        dashboardUrl: `${origin}/app/`,
        pageUrl: 'https://news.example/sample-article#:~:text=recieved',
      },
    },
  };
}
