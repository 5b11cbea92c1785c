import type { EventBody } from '../../../contract/channels.js';
import type { HttpRequest } from '../http.js';
import { clip, correction } from './summary.js';

/** The label every issue gets. */
export const ISSUE_LABEL = 'typo';

function headers(token: string): Record<string, string> {
  return {
    Accept: 'application/vnd.github+json',
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
    'X-GitHub-Api-Version': '2022-11-28',
  };
}

/** Markdown-inert text: readers' words must not become links, mentions or markup in an issue. */
function inert(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>@~])/g, '\\$1');
}

/** A URL as a Markdown link target: the characters that would end or break it percent-encoded. */
function linkTarget(url: string): string {
  return url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `POST /repos/<owner>/<name>/issues` for a new group. */
export function openIssueRequest(apiUrl: string, repo: string, token: string, body: EventBody): HttpRequest {
  const { group, site } = body.data;
  const lines = [
    `**${inert(group.kind)}** reported on [${inert(clip(group.title || group.url))}](${linkTarget(group.url)}) (${inert(site.name)})`,
    '',
    `> ${inert(correction(body))}`,
  ];
  if (group.comment) lines.push('', `Reader's comment: ${inert(clip(group.comment))}`);
  lines.push('', `[Open in Misprint](${linkTarget(group.dashboardUrl)})`);
  if (group.pageUrl) lines.push(`[Open on page](${linkTarget(group.pageUrl)})`);
  return {
    method: 'POST',
    url: `${apiUrl}/repos/${repo}/issues`,
    headers: headers(token),
    body: JSON.stringify({
      title: `Typo: ${clip(correction(body)).slice(0, 200)}`,
      body: lines.join('\n'),
      labels: [ISSUE_LABEL],
    }),
  };
}

/** `PATCH …/issues/<number>` closing the issue of a group that left `new`. */
export function closeIssueRequest(apiUrl: string, repo: string, token: string, number: number): HttpRequest {
  return {
    method: 'PATCH',
    url: `${apiUrl}/repos/${repo}/issues/${number}`,
    headers: headers(token),
    body: JSON.stringify({ state: 'closed' }),
  };
}

/** `GET /repos/<owner>/<name>`: what a test does (it checks the token and repository, opening nothing). */
export function repoRequest(apiUrl: string, repo: string, token: string): HttpRequest {
  return { method: 'GET', url: `${apiUrl}/repos/${repo}`, headers: headers(token) };
}
