/** Requests of the notification channel routes. */
import { z } from 'zod';
import type { ChannelFilter, ChannelInput, ChannelPatch } from '../../contract/channels.js';
import { NOTIFY_EVENTS } from '../../contract/channels.js';
import { REPORT_KINDS } from '../../contract/report.js';
import { text } from './text.js';

/** Longest channel name. */
export const CHANNEL_NAME_MAX = 100;
/** Most entries of one filter list. */
export const FILTER_LIST_MAX = 50;

/** An http(s) URL without credentials (they would be shown unmasked in the channel). */
const httpUrl = text({ min: 1, max: 2000, trim: true }).refine((value) => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return /^https?:$/.test(url.protocol) && url.username === '' && url.password === '';
}, 'must be an http(s) URL without user name or password');

/** A secret in the Standard Webhooks form: `whsec_` + base64 of 24 to 64 bytes. */
const webhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_ followed by base64')
  .refine((value) => {
    const bytes = Buffer.from(value.slice('whsec_'.length), 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, 'must encode 24 to 64 bytes');

const botToken = z
  .string()
  .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'must be a Telegram bot token (123456:ABC…)');
const chatId = z
  .string()
  .trim()
  .regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$/, 'must be a numeric chat id or an @channelname');
const repo = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, 'must be owner/name')
  .refine((value) => !/\/\.{1,2}$/.test(value), 'must be owner/name');
const githubToken = z.string().regex(/^[A-Za-z0-9_]{20,255}$/, 'must be a GitHub token');

const filterList = z.array(text({ min: 1, max: 200, trim: true })).max(FILTER_LIST_MAX);

/** Which groups a channel hears of. */
export const ChannelFilterInput = z
  .object({
    kinds: z.array(z.enum(REPORT_KINDS)).max(REPORT_KINDS.length).optional(),
    authors: filterList.optional(),
    sections: filterList.optional(),
  })
  .strict() satisfies z.ZodType<ChannelFilter>;

const events = z
  .array(z.enum(NOTIFY_EVENTS))
  .min(1, 'must name at least one event')
  .max(NOTIFY_EVENTS.length)
  .transform((list) => [...new Set(list)]);

/** What each type has: required settings first. */
const FIELDS = {
  webhook: ['url', 'secret'],
  slack: ['url'],
  telegram: ['botToken', 'chatId'],
  github: ['repo', 'token'],
} as const;

const name = text({ min: 1, max: CHANNEL_NAME_MAX, trim: true }).refine(
  (v) => !/[\r\n]/.test(v),
  'must be one line',
);
const common = { name, events: events.optional(), filter: ChannelFilterInput.optional() };

/** `POST /sites/:siteId/channels`: one shape per type (settings of another type are dropped, as unknown fields are). */
export const ChannelInputSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('webhook'),
      ...common,
      url: httpUrl,
      secret: webhookSecret.optional().meta({ description: 'Made for you when left out.' }),
    }),
    z.object({ type: z.literal('slack'), ...common, url: httpUrl }),
    z.object({ type: z.literal('telegram'), ...common, botToken, chatId }),
    z.object({
      type: z.literal('github'),
      name,
      events: z
        .array(z.literal('group.created'))
        .min(1)
        .max(1)
        .optional()
        .meta({ description: 'An issue per new group; it closes by itself when the group leaves new.' }),
      filter: ChannelFilterInput.optional(),
      repo,
      token: githubToken,
    }),
  ])
  .meta({
    examples: [
      { type: 'webhook', name: 'CMS', url: 'https://cms.news.example/hooks/misprint' },
      { type: 'slack', name: '#corrections', url: 'https://hooks.slack.com/services/T000/B000/XXXX' },
    ],
  }) satisfies z.ZodType<ChannelInput>;

/** `PATCH /channels/:id`: the fields to change; fields of another type are refused by the route. */
export const ChannelPatchSchema = z
  .object({
    name: name.optional(),
    events: events.optional(),
    filter: ChannelFilterInput.optional(),
    url: httpUrl.optional(),
    secret: webhookSecret.optional(),
    botToken: botToken.optional(),
    chatId: chatId.optional(),
    repo: repo.optional(),
    token: githubToken.optional(),
    paused: z.boolean().optional(),
  })
  .meta({
    examples: [{ paused: true }, { events: ['group.created', 'group.updated'] }],
  }) satisfies z.ZodType<ChannelPatch>;

/** Which settings a type has, for PATCH checks. */
export function settingsOf(type: keyof typeof FIELDS): readonly string[] {
  return FIELDS[type];
}

/** `GET /channels/:id/deliveries`. */
export const DeliveriesQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
