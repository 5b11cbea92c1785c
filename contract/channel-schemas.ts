/**
 * The notification routes' answers as schemas (re-exported by api-schemas.ts, so each is a
 * component of the OpenAPI document and the dashboard checks answers with them), each proved equal
 * to its type in channels.ts.
 */
import * as z from 'zod/mini';
import type { Page } from './api.js';
import {
  CHANNEL_TYPES,
  type Channel,
  type ChannelTestResult,
  type CreatedChannel,
  DELIVERY_STATES,
  type Delivery,
  NOTIFY_EVENTS,
  PAUSE_REASONS,
} from './channels.js';
import { REPORT_KINDS } from './report.js';
import type { Same } from './same-type.js';

const id = z.string().check(z.meta({ format: 'uuid' }));
const instant = z.iso.datetime();
const event = z.enum(NOTIFY_EVENTS);

/** Which groups a channel hears of. */
export const ChannelFilterSchema = z.object({
  kinds: z.optional(z.array(z.enum(REPORT_KINDS))),
  authors: z.optional(z.array(z.string())),
  sections: z.optional(z.array(z.string())),
});

/** A channel, secrets masked. */
export const ChannelSchema = z.object({
  id,
  siteId: id,
  type: z.enum(CHANNEL_TYPES),
  name: z.string(),
  events: z.array(event),
  filter: ChannelFilterSchema,
  url: z.nullable(z.string()),
  chatId: z.nullable(z.string()),
  repo: z.nullable(z.string()),
  secret: z.nullable(z.string()).check(z.meta({ description: 'Masked: its kind and last four characters.' })),
  paused: z.boolean(),
  pausedReason: z.nullable(z.enum(PAUSE_REASONS)),
  pausedAt: z.nullable(instant),
  failingSince: z.nullable(instant),
  createdAt: instant,
  updatedAt: instant,
});

/** A channel just created: the only answer with the whole secret. */
export const CreatedChannelSchema = z.extend(ChannelSchema, {
  secretValue: z
    .nullable(z.string())
    .check(z.meta({ description: 'The whole secret, shown this once (a Slack channel: its whole URL).' })),
});

/** One attempt of a delivery. */
export const DeliveryAttemptSchema = z.object({
  n: z.int(),
  at: instant,
  status: z.nullable(z.int()),
  durationMs: z.int(),
  error: z.nullable(z.string()),
});

/** One message to one channel. */
export const DeliverySchema = z.object({
  id,
  event,
  test: z.boolean(),
  state: z.enum(DELIVERY_STATES),
  attempts: z.int(),
  lastStatus: z.nullable(z.int()),
  lastError: z.nullable(z.string()),
  nextAttemptAt: z.nullable(instant),
  deliveredAt: z.nullable(instant),
  createdAt: instant,
  log: z.array(DeliveryAttemptSchema),
});

/** A keyset page of a channel's deliveries, newest first. */
export const DeliveryPageSchema = z.object({
  items: z.array(DeliverySchema),
  nextCursor: z.nullable(z.string()),
});

/** How a test message went. */
export const ChannelTestResultSchema = z.object({
  ok: z.boolean(),
  status: z.nullable(z.int()),
  durationMs: z.int(),
  error: z.nullable(z.string()),
  deliveryId: id,
});

const exact: [
  Same<z.output<typeof ChannelSchema>, Channel>,
  Same<z.output<typeof CreatedChannelSchema>, CreatedChannel>,
  Same<z.output<typeof DeliverySchema>, Delivery>,
  Same<z.output<typeof DeliveryPageSchema>, Page<Delivery>>,
  Same<z.output<typeof ChannelTestResultSchema>, ChannelTestResult>,
] = [true, true, true, true, true];
void exact;
