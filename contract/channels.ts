/**
 * Notification channels as the API shows them (DESIGN "Notifications"), and the events they carry.
 * Secrets (the webhook signing secret, a bot token, a GitHub token, the path of a Slack webhook URL)
 * are answered once, when the channel is created, and masked in every answer after.
 */
import type { ReportKind, ReportStatus } from './report.js';

/** Where a channel delivers. */
export const CHANNEL_TYPES = ['webhook', 'slack', 'telegram', 'github'] as const;
/** One of {@link CHANNEL_TYPES}. */
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** The events a site announces: a new group, every accepted report, a group's status or assignee changed. */
export const NOTIFY_EVENTS = ['group.created', 'report.created', 'group.updated'] as const;
/** One of {@link NOTIFY_EVENTS}. */
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** Why a channel is paused: its owner paused it, or it failed for 24 hours. */
export const PAUSE_REASONS = ['owner', 'failing'] as const;
/** One of {@link PAUSE_REASONS}. */
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** Where a delivery stands. */
export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
/** One of {@link DELIVERY_STATES}. */
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * Which groups a channel hears of; an absent or empty list lets everything through. Authors and
 * sections compare trimmed and case-insensitively with the page metadata, as routing rules do.
 */
export interface ChannelFilter {
  kinds?: ReportKind[];
  authors?: string[];
  sections?: string[];
}

/** A channel as answered after creation: secrets masked (`whsec_…k3Jd`). */
export interface Channel {
  id: string;
  siteId: string;
  type: ChannelType;
  name: string;
  events: NotifyEvent[];
  filter: ChannelFilter;
  /** webhook, slack: where to POST (a Slack URL's secret path masked). */
  url: string | null;
  /** telegram: the chat. */
  chatId: string | null;
  /** github: `owner/name`. */
  repo: string | null;
  /** The masked secret (webhook secret, bot token, GitHub token); null for Slack. */
  secret: string | null;
  paused: boolean;
  pausedReason: PauseReason | null;
  pausedAt: string | null;
  /** Since when every attempt failed (null while the last one succeeded). */
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `POST /sites/:siteId/channels` answer: the only time the secret (and a Slack URL) is shown whole. */
export interface CreatedChannel extends Channel {
  /** The whole secret: copy it now (for a webhook, to verify signatures). */
  secretValue: string | null;
}

/** `POST /sites/:siteId/channels` body. Secrets may be left out of a webhook (one is made). */
export interface ChannelInput {
  type: ChannelType;
  name: string;
  events?: NotifyEvent[];
  filter?: ChannelFilter;
  url?: string;
  secret?: string;
  botToken?: string;
  chatId?: string;
  repo?: string;
  token?: string;
}

/**
 * `PATCH /channels/:id` body: what changes, any of {@link ChannelInput}'s fields but the type (which
 * cannot change). `paused` pauses or resumes.
 */
export interface ChannelPatch extends Partial<Omit<ChannelInput, 'type'>> {
  paused?: boolean;
}

/** One attempt of a delivery: the HTTP status (null: no answer) and what went wrong, explained. */
export interface DeliveryAttempt {
  n: number;
  at: string;
  status: number | null;
  durationMs: number;
  error: string | null;
}

/** One message to one channel, with every attempt (newest last). */
export interface Delivery {
  id: string;
  event: NotifyEvent;
  /** Sent by `POST /channels/:id/test`. */
  test: boolean;
  state: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  log: DeliveryAttempt[];
}

/** `POST /channels/:id/test` answer: how the sample went. */
export interface ChannelTestResult {
  ok: boolean;
  status: number | null;
  durationMs: number;
  error: string | null;
  deliveryId: string;
}

/** The group an event is about, as a webhook body carries it. */
export interface EventGroup {
  id: string;
  url: string;
  title: string;
  quote: string;
  suggestion: string | null;
  comment: string | null;
  kind: ReportKind;
  status: ReportStatus;
  count: number;
  assignee: { id: string; email: string; name: string | null } | null;
  page: { author: string | null; section: string | null; publishedAt: string | null };
  dashboardUrl: string;
  /** The page with a Text Fragment that scrolls to the typo. */
  pageUrl: string | null;
}

/** A webhook's body (Standard Webhooks' `type`, `timestamp`, `data`). */
export interface EventBody {
  type: NotifyEvent;
  timestamp: string;
  data: {
    site: { id: string; name: string };
    group: EventGroup;
    /** report.created: the report that arrived. */
    reportId?: string;
    /** group.updated: what changed. */
    changes?: {
      status?: { from: ReportStatus; to: ReportStatus };
      assignee?: { from: string | null; to: string | null };
    };
  };
}
