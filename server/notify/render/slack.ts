import type { EventBody } from '../../../contract/channels.js';
import type { HttpRequest } from '../http.js';
import { clip, correction, headline } from './summary.js';

/** Slack's mrkdwn escapes exactly these three characters (api.slack.com, "Formatting text"). */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A link in mrkdwn; `|` would end the URL part, so it is encoded. */
function link(url: string, label: string): string {
  return `<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${escapeMrkdwn(label)}>`;
}

/** An incoming-webhook message: plain `text` (notifications, old clients) and `blocks`. */
export function slackRequest(url: string, body: EventBody): HttpRequest {
  const { group } = body.data;
  const lines = [`*${escapeMrkdwn(headline(body))}*`, escapeMrkdwn(correction(body))];
  if (group.comment) lines.push(`> ${escapeMrkdwn(clip(group.comment))}`);
  const links = [link(group.dashboardUrl, 'Open in Misprint')];
  if (group.pageUrl) links.push(link(group.pageUrl, 'Open on page'));
  const message = {
    text: `${headline(body)}: ${correction(body)} (${group.url})`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `${escapeMrkdwn(clip(group.title || group.url))} · ${links.join(' · ')}` },
        ],
      },
    ],
  };
  return {
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(message),
  };
}
