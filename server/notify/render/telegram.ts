import type { EventBody } from '../../../contract/channels.js';
import type { HttpRequest } from '../http.js';
import { clip, correction, headline } from './summary.js';

/** Telegram's HTML parse mode needs these escaped in text and attribute values (core.telegram.org/bots/api). */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `sendMessage` to the channel's chat, the text escaped for HTML parse mode. */
export function telegramRequest(
  apiUrl: string,
  botToken: string,
  chatId: string,
  body: EventBody,
): HttpRequest {
  const { group } = body.data;
  const lines = [`<b>${escapeTelegramHtml(headline(body))}</b>`, escapeTelegramHtml(correction(body))];
  if (group.comment) lines.push(`<i>${escapeTelegramHtml(clip(group.comment))}</i>`);
  const links = [`<a href="${escapeTelegramHtml(group.dashboardUrl)}">Open in Misprint</a>`];
  if (group.pageUrl) links.push(`<a href="${escapeTelegramHtml(group.pageUrl)}">Open on page</a>`);
  lines.push(`${escapeTelegramHtml(clip(group.title || group.url))} · ${links.join(' · ')}`);
  return {
    method: 'POST',
    url: `${apiUrl}/bot${botToken}/sendMessage`,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      chat_id: chatId,
      text: lines.join('\n'),
      parse_mode: 'HTML',
      disable_web_page_preview: true,
    }),
  };
}
