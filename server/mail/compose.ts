/**
 * The mails Misprint sends, each as plain text and HTML. Everything a reader wrote (the quote, the
 * suggestion, the comment, the page's title and address) is escaped in the HTML part; links go to
 * the dashboard under the server's public origin.
 */
import type { Role } from '../../contract/api.js';
import type { MailGroup } from '../db/queries/email.js';
import { escapeHtml } from './escape.js';
import type { MailMessage } from './mailer.js';

/** Longest piece of reader text in a subject line. */
const SUBJECT_QUOTE_MAX = 60;

/** The dashboard page of a group (its first report's page shows the whole group). */
export function dashboardReportUrl(origin: string, group: Pick<MailGroup, 'firstReportId'>): string {
  return `${origin}/app/reports/${group.firstReportId}`;
}

/** Reader text on one line, cut to `max` characters. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** “recieved” → “received”, or just the quote when there is no suggestion. */
function change(group: MailGroup, max = 200): string {
  const quote = `“${oneLine(group.exact, max)}”`;
  return group.suggestion ? `${quote} → “${oneLine(group.suggestion, max)}”` : quote;
}

function readers(count: number): string {
  return count === 1 ? '1 report' : `${count} reports`;
}

/** The headers of RFC 8058 one-click unsubscribe (with RFC 2369's List-Unsubscribe). */
function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

function groupText(origin: string, group: MailGroup): string {
  const lines = [
    `* ${change(group)} (${group.kind}, ${readers(group.count)}${group.status === 'new' ? '' : `, now ${group.status}`})`,
    `  in “${oneLine(group.prefix, 64)} [${oneLine(group.exact, 200)}] ${oneLine(group.suffix, 64)}”`,
  ];
  if (group.comment) lines.push(`  Comment: ${oneLine(group.comment, 500)}`);
  lines.push(`  Page: ${group.title ? `${oneLine(group.title, 200)} ` : ''}<${group.url}>`);
  lines.push(`  Open: ${dashboardReportUrl(origin, group)}`);
  return lines.join('\n');
}

function groupHtml(origin: string, group: MailGroup): string {
  const suggestion = group.suggestion
    ? ` → <ins style="color:#1a7f37">${escapeHtml(oneLine(group.suggestion, 200))}</ins>`
    : '';
  const status = group.status === 'new' ? '' : `, now ${escapeHtml(group.status)}`;
  const comment = group.comment ? `<div>Comment: ${escapeHtml(oneLine(group.comment, 500))}</div>` : '';
  return `<li style="margin:0 0 16px">
<div><del style="color:#cf222e">${escapeHtml(oneLine(group.exact, 200))}</del>${suggestion}
<span style="color:#57606a">(${escapeHtml(group.kind)}, ${readers(group.count)}${status})</span></div>
<div style="color:#57606a">${escapeHtml(oneLine(group.prefix, 64))}<mark>${escapeHtml(oneLine(group.exact, 200))}</mark>${escapeHtml(oneLine(group.suffix, 64))}</div>
${comment}<div>Page: <a href="${escapeHtml(group.url)}">${escapeHtml(oneLine(group.title ?? group.url, 200))}</a></div>
<div><a href="${escapeHtml(dashboardReportUrl(origin, group))}">Open in Misprint</a></div>
</li>`;
}

function htmlDocument(title: string, body: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.4;color:#1f2328">
${body}
</body></html>`;
}

/** What a notification mail is about. */
export interface GroupsMailInput {
  siteName: string;
  /** The groups listed (the first `groups.length` of `total`). */
  groups: readonly MailGroup[];
  total: number;
  /** The server's public origin. */
  origin: string;
  unsubscribeUrl: string;
}

function footer(input: GroupsMailInput, why: string): { text: string; html: string } {
  return {
    text: `-- \n${why}\nStop these mails: ${input.unsubscribeUrl}\nChange them in the dashboard: ${input.origin}/app/`,
    html: `<hr><p style="color:#57606a;font-size:small">${escapeHtml(why)}
<a href="${escapeHtml(input.unsubscribeUrl)}">Stop these mails</a> ·
<a href="${escapeHtml(`${input.origin}/app/`)}">Change them in the dashboard</a></p>`,
  };
}

function more(input: GroupsMailInput): { text: string; html: string } {
  const left = input.total - input.groups.length;
  if (left <= 0) return { text: '', html: '' };
  const inbox = `${input.origin}/app/`;
  return {
    text: `\n…and ${left} more: ${inbox}\n`,
    html: `<p>…and ${left} more: <a href="${escapeHtml(inbox)}">open the inbox</a></p>`,
  };
}

/** The instant mail about one or more new groups of a site. */
export function instantMail(input: GroupsMailInput): Omit<MailMessage, 'to'> {
  const [first] = input.groups;
  const subject =
    input.total === 1 && first
      ? `[${oneLine(input.siteName, 80)}] New ${first.kind}: ${change(first, SUBJECT_QUOTE_MAX)}`
      : `[${oneLine(input.siteName, 80)}] ${input.total} new reports`;
  const intro =
    input.total === 1
      ? `A reader reported a new ${first?.kind ?? 'typo'} on ${input.siteName}.`
      : `Readers reported ${input.total} new problems on ${input.siteName}.`;
  const why = `You get a mail for each new report on ${input.siteName} (several within 5 minutes come together).`;
  return groupsMail(input, subject, intro, why);
}

/** The daily digest of a site's groups of the 24 hours before `day`'s 08:00. */
export function digestMail(input: GroupsMailInput & { day: string }): Omit<MailMessage, 'to'> {
  const subject = `[${oneLine(input.siteName, 80)}] Daily digest for ${input.day}: ${input.total} new ${input.total === 1 ? 'report' : 'reports'}`;
  const intro = `In the 24 hours up to 08:00 on ${input.day}, readers of ${input.siteName} reported ${input.total} new ${input.total === 1 ? 'problem' : 'problems'}.`;
  const why = `You get a digest of ${input.siteName} every morning at 08:00 when there is something new.`;
  return groupsMail(input, subject, intro, why);
}

/** A mail that lists groups: the intro, each group, how many more there are, and the footer. */
function groupsMail(
  input: GroupsMailInput,
  subject: string,
  intro: string,
  why: string,
): Omit<MailMessage, 'to'> {
  const end = footer(input, why);
  const rest = more(input);
  return {
    subject,
    text: `${intro}\n\n${input.groups.map((g) => groupText(input.origin, g)).join('\n\n')}\n${rest.text}\n${end.text}\n`,
    html: htmlDocument(
      subject,
      `<p>${escapeHtml(intro)}</p>\n<ul style="padding-left:20px">${input.groups.map((g) => groupHtml(input.origin, g)).join('\n')}</ul>\n${rest.html}${end.html}`,
    ),
    headers: unsubscribeHeaders(input.unsubscribeUrl),
  };
}

/** The mail that carries an invitation link. */
export function invitationMail(input: {
  siteName: string;
  role: Role;
  inviter: string;
  url: string;
  expiresAt: Date;
}): Omit<MailMessage, 'to'> {
  const subject = `You are invited to ${oneLine(input.siteName, 80)} on Misprint`;
  const lines = [
    `${input.inviter} invites you to join ${input.siteName} on Misprint as ${input.role === 'owner' ? 'an' : 'a'} ${input.role}: you will see what readers report as wrong on the site.`,
    `Accept: ${input.url}`,
    `The link works once, until ${input.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    'If you did not expect this, ignore this mail.',
  ];
  return {
    subject,
    text: `${lines.join('\n\n')}\n`,
    html: htmlDocument(
      subject,
      `<p>${escapeHtml(lines[0] ?? '')}</p>
<p><a href="${escapeHtml(input.url)}" style="font-weight:bold">Accept the invitation</a></p>
<p style="color:#57606a">${escapeHtml(lines[2] ?? '')} ${escapeHtml(lines[3] ?? '')}</p>
<p style="color:#57606a;font-size:small">${escapeHtml(input.url)}</p>`,
    ),
  };
}
