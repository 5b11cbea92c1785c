/**
 * Delivering one message to one channel: the `delivery` job (claimed by the runner with
 * `FOR UPDATE SKIP LOCKED` under a lease, so two workers never hold it at once) makes one attempt,
 * records it, and asks the runner for a retry when the retry policy says so. A channel whose
 * attempts all failed for 24 hours is paused.
 */
import { z } from 'zod';
import type { EventBody } from '../../contract/channels.js';
import type { Config } from '../config.js';
import {
  closeChannelIssue,
  findChannelIssue,
  markChannelFailing,
  rememberChannelIssue,
  type StoredChannel,
  stored,
} from '../db/queries/channels.js';
import { abandonDelivery, beginAttempt, recordAttempt } from '../db/queries/deliveries.js';
import type { JobDeps } from '../jobs/deps.js';
import type { JobHandler } from '../jobs/types.js';
import { recheckUserAgent } from '../recheck/recheck-site.js';
import { DELIVERY_TIMEOUT_MS, type HttpOutcome, type HttpRequest, send } from './http.js';
import { closeIssueRequest, openIssueRequest, repoRequest } from './render/github.js';
import { slackRequest } from './render/slack.js';
import { telegramRequest } from './render/telegram.js';
import { webhookRequest } from './render/webhook.js';
import { nextAttempt, PAUSE_AFTER_MS } from './retry-policy.js';

/** Options of the delivery worker (tests shorten the timeout). */
export interface DeliveryOptions {
  readonly timeoutMs?: number;
  readonly random?: () => number;
}

/** What a channel's attempt needs besides the message. */
interface AttemptContext {
  config: Config;
  now: Date;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** An outcome that never reached the network (a stored setting is missing). */
function notSent(error: string): HttpOutcome {
  return { status: null, durationMs: 0, body: '', retryAfterMs: null, error };
}

/** What to do about a GitHub issue for this message: open one, close one, or nothing to do. */
type GithubStep = { request: HttpRequest; opens: boolean } | { done: string } | { wait: string };

async function githubStep(
  deps: JobDeps,
  channel: StoredChannel,
  body: EventBody,
  token: string,
  repo: string,
): Promise<GithubStep> {
  const api = deps.config.githubApiUrl;
  const issue = await findChannelIssue(deps.db, channel.id, body.data.group.id);
  if (body.type === 'group.created') {
    if (issue) return { done: `issue #${issue.number} is already open` };
    return { request: openIssueRequest(api, repo, token, body), opens: true };
  }
  if (!issue) return { done: 'no issue was opened for this group' };
  if (issue.closedAt) return { done: `issue #${issue.number} is already closed` };
  return { request: closeIssueRequest(api, repo, token, issue.number), opens: false };
}

/** The request for a non-GitHub channel, or why there is none. */
function plainRequest(
  channel: StoredChannel,
  id: string,
  body: EventBody,
  ctx: AttemptContext,
): HttpRequest | string {
  const { url, chatId } = channel.config;
  switch (channel.type) {
    case 'webhook':
      if (!url || !channel.secret) return 'the channel has no URL or secret';
      return webhookRequest(url, channel.secret, id, body, ctx.now);
    case 'slack':
      if (!url) return 'the channel has no URL';
      return slackRequest(url, body);
    case 'telegram':
      if (!channel.secret || !chatId) return 'the channel has no bot token or chat';
      return telegramRequest(ctx.config.telegramApiUrl, channel.secret, chatId, body);
    case 'github':
      return 'GitHub requests are built by githubStep';
  }
}

/** Sends one attempt of a message to a channel. The owner's URLs (webhook, Slack) get the address rules. */
export async function attempt(
  deps: JobDeps,
  channel: StoredChannel,
  id: string,
  body: EventBody,
  ctx: AttemptContext,
): Promise<HttpOutcome> {
  const options = {
    guard: channel.type === 'webhook' || channel.type === 'slack',
    allowPrivate: ctx.config.fetchAllowPrivate,
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    userAgent: recheckUserAgent(ctx.config),
  };
  if (channel.type !== 'github') {
    const request = plainRequest(channel, id, body, ctx);
    return typeof request === 'string' ? notSent(request) : send(request, options);
  }
  const { repo } = channel.config;
  if (!repo || !channel.secret) return notSent('the channel has no repository or token');
  const step = await githubStep(deps, channel, body, channel.secret, repo);
  if ('done' in step) return { status: null, durationMs: 0, body: '', retryAfterMs: null, error: null };
  if ('wait' in step) return notSent(step.wait);
  const outcome = await send(step.request, options);
  if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
    if (step.opens) {
      const number = z.object({ number: z.int().positive() }).safeParse(safeJson(outcome.body));
      if (!number.success)
        return { ...outcome, status: outcome.status, error: 'GitHub answered without an issue number' };
      await rememberChannelIssue(deps.db, channel.id, body.data.group.id, number.data.number);
    } else {
      await closeChannelIssue(deps.db, channel.id, body.data.group.id, ctx.now);
    }
  }
  return outcome;
}

/** A channel test: the GitHub one checks the token and repository; the others send the sample. */
export async function testAttempt(
  deps: JobDeps,
  channel: StoredChannel,
  id: string,
  body: EventBody,
  ctx: AttemptContext,
): Promise<HttpOutcome> {
  if (channel.type !== 'github') return attempt(deps, channel, id, body, ctx);
  const { repo } = channel.config;
  if (!repo || !channel.secret) return notSent('the channel has no repository or token');
  return send(repoRequest(deps.config.githubApiUrl, repo, channel.secret), {
    guard: false,
    allowPrivate: true,
    timeoutMs: ctx.timeoutMs,
    signal: ctx.signal,
    userAgent: recheckUserAgent(ctx.config),
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Whether an outcome ends the delivery well (a skipped GitHub step counts: nothing was owed). */
export function succeeded(outcome: HttpOutcome): boolean {
  return outcome.error === null;
}

const PayloadSchema = z.object({ deliveryId: z.uuid() });

/** The `delivery` job. */
export function deliveryHandler(deps: JobDeps, options: DeliveryOptions = {}): JobHandler {
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  return {
    kind: 'delivery',
    concurrency: 16,
    // The lease outlives an attempt (timeout) with room; the runner's heartbeat keeps it while it runs.
    leaseMs: Math.max(30_000, timeoutMs * 3),
    async run(job) {
      const parsed = PayloadSchema.safeParse(job.payload);
      if (!parsed.success) return { failed: `malformed payload: ${parsed.error.message}` };
      const begun = await beginAttempt(deps.db, parsed.data.deliveryId);
      if (!begun) return undefined;
      const { delivery } = begun;
      const channel = stored(begun.channel);
      if (channel.pausedAt !== null) {
        await abandonDelivery(deps.db, delivery.id, 'the channel was paused before this message was sent');
        return undefined;
      }
      const started = deps.now();
      const body = delivery.payload as EventBody;
      const outcome = await attempt(deps, channel, delivery.id, body, {
        config: deps.config,
        now: started,
        timeoutMs,
        signal: job.signal,
      });
      if (job.signal.aborted) throw job.signal.reason ?? new Error('aborted');
      const at = deps.now();
      const base = {
        deliveryId: delivery.id,
        n: delivery.attempt,
        at: started,
        status: outcome.status,
        durationMs: outcome.durationMs,
        error: outcome.error,
      };
      if (succeeded(outcome)) {
        await recordAttempt(deps.db, { ...base, state: 'delivered', nextAttemptAt: null });
        return undefined;
      }
      const decision = nextAttempt(outcome, delivery.attempt, delivery.createdAt, at, options.random);
      const paused = await markChannelFailing(deps.db, channel.id, at, PAUSE_AFTER_MS);
      if (paused) deps.logger.warn('channel paused after failing for 24 hours', { channel: channel.id });
      if ('giveUp' in decision) {
        await recordAttempt(deps.db, {
          ...base,
          error: `${outcome.error ?? 'failed'}; ${decision.giveUp}`,
          state: 'failed',
          nextAttemptAt: null,
        });
        return { failed: outcome.error ?? 'failed' };
      }
      await recordAttempt(deps.db, { ...base, state: 'pending', nextAttemptAt: decision.retryAt });
      return { retryAt: decision.retryAt, error: outcome.error ?? 'failed' };
    },
  };
}
