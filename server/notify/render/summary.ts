/** The words every chat channel (Slack, Telegram) and GitHub issue uses for an event. */
import type { EventBody } from '../../../contract/channels.js';

/** Longest quote, suggestion or comment shown in a chat message before it is cut. */
const SHOWN_CHARS = 300;

/** Cuts a reader's text for a message. */
export function clip(text: string): string {
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 1)}…` : text;
}

/** The headline: what happened to which group. */
export function headline(body: EventBody): string {
  const { group, changes } = body.data;
  switch (body.type) {
    case 'group.created':
      return `New ${group.kind} report on ${body.data.site.name}`;
    case 'report.created':
      return group.count > 1
        ? `Another reader reported this on ${body.data.site.name} (${group.count} reports)`
        : `New ${group.kind} report on ${body.data.site.name}`;
    case 'group.updated':
      if (changes?.status) return `Marked ${changes.status.to} on ${body.data.site.name}`;
      if (changes?.assignee) {
        return changes.assignee.to
          ? `Assigned on ${body.data.site.name}`
          : `Unassigned on ${body.data.site.name}`;
      }
      return `Updated on ${body.data.site.name}`;
  }
}

/** `“recieved” → “received”`, or the quote alone. */
export function correction(body: EventBody): string {
  const { quote, suggestion } = body.data.group;
  return suggestion ? `“${clip(quote)}” → “${clip(suggestion)}”` : `“${clip(quote)}”`;
}
