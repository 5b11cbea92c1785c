/**
 * What a channel keeps besides its secret, and how secrets are shown after creation. A Slack
 * incoming-webhook URL is itself a credential (its path is the token), so it is masked like one.
 */
import { randomBytes } from 'node:crypto';
import type { ChannelType } from '../../contract/channels.js';

/** A channel's non-secret settings, as stored in `channels.config`. */
export interface ChannelConfig {
  url?: string;
  chatId?: string;
  repo?: string;
}

/** Bytes of a generated webhook secret (Standard Webhooks suggests 24 to 64). */
export const WEBHOOK_SECRET_BYTES = 32;

/** A new signing secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(WEBHOOK_SECRET_BYTES).toString('base64')}`;
}

/** Characters of a secret left visible at its end, so an owner can tell two apart. */
const VISIBLE = 4;

/** `whsec_…k3Jd`, `…AbCd` for tokens: the kind of secret and its last characters. */
export function maskSecret(secret: string): string {
  const prefix = secret.startsWith('whsec_') ? 'whsec_' : '';
  return `${prefix}…${secret.slice(-VISIBLE)}`;
}

/** A Slack URL with its path masked: `https://hooks.slack.com/services/…XXXX`. */
export function maskSlackUrl(url: string): string {
  const parsed = new URL(url);
  const segments = parsed.pathname.split('/').filter(Boolean);
  const head = segments.length > 1 ? `/${segments[0]}/` : '/';
  return `${parsed.origin}${head}…${url.slice(-VISIBLE)}`;
}

/** The URL a channel shows: a Slack URL masked, a webhook URL as it is. */
export function shownUrl(type: ChannelType, url: string | undefined): string | null {
  if (url === undefined) return null;
  return type === 'slack' ? maskSlackUrl(url) : url;
}
