import { Hono } from 'hono';
import { z } from 'zod';
import type { Page } from '../../../contract/api.js';
import {
  ChannelSchema,
  ChannelTestResultSchema,
  CreatedChannelSchema,
  DeliveryPageSchema,
} from '../../../contract/api-schemas.js';
import type { Channel, ChannelTestResult, CreatedChannel, Delivery } from '../../../contract/channels.js';
import type { Auth } from '../../auth/context.js';
import { assertPermitted, canManageChannels, canViewChannels } from '../../auth/permissions.js';
import { publicOrigin } from '../../bootstrap.js';
import {
  type ChannelChanges,
  createChannel,
  deleteChannel,
  findChannelForUser,
  listChannels,
  type StoredChannel,
  updateChannel,
} from '../../db/queries/channels.js';
import {
  createTestDelivery,
  type DeliveryCursor,
  listDeliveries,
  recordAttempt,
} from '../../db/queries/deliveries.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { type ChannelConfig, maskSecret, newWebhookSecret, shownUrl } from '../../notify/channel-config.js';
import { succeeded, testAttempt } from '../../notify/deliver.js';
import { sampleEventBody } from '../../notify/event-body.js';
import {
  ChannelInputSchema,
  ChannelPatchSchema,
  DeliveriesQuery,
  settingsOf,
} from '../../schemas/channels.js';
import { IdParams, SiteParams } from '../../schemas/params.js';
import { route } from '../route.js';
import { memberSite } from './site-access.js';

/** A channel as answered: secrets masked. */
export function channelView(channel: StoredChannel): Channel {
  return {
    id: channel.id,
    siteId: channel.siteId,
    type: channel.type,
    name: channel.name,
    events: channel.events,
    filter: channel.filter,
    url: shownUrl(channel.type, channel.config.url),
    chatId: channel.config.chatId ?? null,
    repo: channel.config.repo ?? null,
    secret: channel.secret === null ? null : maskSecret(channel.secret),
    paused: channel.pausedAt !== null,
    pausedReason: channel.pausedReason,
    pausedAt: channel.pausedAt?.toISOString() ?? null,
    failingSince: channel.failingSince?.toISOString() ?? null,
    createdAt: channel.createdAt.toISOString(),
    updatedAt: channel.updatedAt.toISOString(),
  };
}

function encodeCursor(cursor: DeliveryCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');
}

function decodeCursor(raw: string | undefined): DeliveryCursor | null {
  if (raw === undefined) return null;
  const [createdAt, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !z.uuid().safeParse(id).success) {
    throw new ApiError('invalid_request', 'Invalid cursor.', {
      issues: [{ path: 'cursor', message: 'unknown cursor' }],
    });
  }
  return { createdAt, id };
}

/** A channel the caller may act on as `allowed` says; 404 for another site's, as for none. */
async function memberChannel(
  deps: AppDeps,
  id: string,
  auth: Auth,
  allowed: (role: Parameters<typeof canViewChannels>[0]) => boolean,
  action: string,
): Promise<StoredChannel> {
  const found = await findChannelForUser(deps.db, id, auth.user.id);
  if (!found) throw new ApiError('not_found', 'No such channel.');
  assertPermitted(allowed(found.role), action);
  return found.channel;
}

/** 400 naming a setting the channel's type does not have. */
function foreignSetting(field: string, type: string): ApiError {
  return new ApiError('invalid_request', `A ${type} channel has no ${field}.`, {
    issues: [{ path: field, message: `a ${type} channel has no ${field}` }],
  });
}

/** Notification channels of a site: created and changed by owners, seen by editors. */
export function channelRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/sites/:siteId/channels',
      summary: 'The site’s notification channels, secrets masked (editors and owners).',
      tags: ['notifications'],
      auth: 'signed-in',
      params: SiteParams,
      responses: { 200: z.array(ChannelSchema) },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canViewChannels(role), 'see notification channels');
      const channels = await listChannels(deps.db, site.id);
      return c.json(channels.map(channelView) satisfies Channel[]);
    },
  );

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/sites/:siteId/channels',
      summary: 'Adds a channel: a signed webhook, Slack, Telegram or GitHub (owners).',
      description:
        'The answer is the only one with the whole secret (`secretValue`): a webhook without `secret` gets ' +
        'a new `whsec_` one. Webhook and Slack URLs must reach a public address unless FETCH_ALLOW_PRIVATE ' +
        'is set (checked at each delivery, after DNS resolution).',
      tags: ['notifications'],
      auth: 'signed-in',
      params: SiteParams,
      body: ChannelInputSchema,
      responses: { 201: CreatedChannelSchema },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params, body }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canManageChannels(role), 'add notification channels');
      const config: ChannelConfig =
        body.type === 'webhook' || body.type === 'slack'
          ? { url: body.url }
          : body.type === 'telegram'
            ? { chatId: body.chatId }
            : { repo: body.repo };
      const secret =
        body.type === 'webhook'
          ? (body.secret ?? newWebhookSecret())
          : body.type === 'telegram'
            ? (body.botToken ?? null)
            : body.type === 'github'
              ? (body.token ?? null)
              : null;
      const channel = await createChannel(deps.db, {
        siteId: site.id,
        type: body.type,
        name: body.name,
        events: body.events ?? ['group.created'],
        filter: body.filter ?? {},
        config,
        secret,
        createdBy: auth.user.id,
        at: deps.now(),
      });
      const created: CreatedChannel = {
        ...channelView(channel),
        url: channel.config.url ?? null,
        secretValue: secret ?? (body.type === 'slack' ? (body.url ?? null) : null),
      };
      return c.json(created, 201);
    },
  );

  route(
    app,
    deps,
    {
      method: 'patch',
      path: '/v1/channels/:id',
      summary: 'Changes, pauses (`paused: true`) or resumes a channel (owners).',
      description: 'Resuming forgets past failures. Settings of another type of channel are refused.',
      tags: ['notifications'],
      auth: 'signed-in',
      params: IdParams,
      body: ChannelPatchSchema,
      responses: { 200: ChannelSchema },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params, body }) => {
      const channel = await memberChannel(
        deps,
        params.id,
        auth,
        canManageChannels,
        'change notification channels',
      );
      const allowed = settingsOf(channel.type);
      for (const field of ['url', 'secret', 'botToken', 'chatId', 'repo', 'token'] as const) {
        if (body[field] !== undefined && !allowed.includes(field)) throw foreignSetting(field, channel.type);
      }
      if (channel.type === 'github' && body.events?.some((e) => e !== 'group.created')) {
        throw new ApiError('invalid_request', 'A github channel takes group.created only.', {
          issues: [{ path: 'events', message: 'a github channel takes group.created only' }],
        });
      }
      const config: ChannelConfig = {
        ...channel.config,
        ...(body.url !== undefined ? { url: body.url } : {}),
        ...(body.chatId !== undefined ? { chatId: body.chatId } : {}),
        ...(body.repo !== undefined ? { repo: body.repo } : {}),
      };
      const changes: ChannelChanges = {
        at: deps.now(),
        name: body.name,
        events: body.events,
        filter: body.filter,
        config,
        secret: body.secret ?? body.botToken ?? body.token,
        paused: body.paused,
      };
      const updated = await updateChannel(deps.db, channel.id, changes);
      return c.json(channelView(updated) satisfies Channel);
    },
  );

  route(
    app,
    deps,
    {
      method: 'delete',
      path: '/v1/channels/:id',
      summary: 'Deletes a channel and its delivery log (owners).',
      tags: ['notifications'],
      auth: 'signed-in',
      params: IdParams,
      responses: { 204: null },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params }) => {
      const channel = await memberChannel(
        deps,
        params.id,
        auth,
        canManageChannels,
        'delete notification channels',
      );
      await deleteChannel(deps.db, channel.id);
      return c.body(null, 204);
    },
  );

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/channels/:id/test',
      summary: 'Sends a sample message now and answers how it went (owners).',
      description:
        'One attempt, no retries, logged with the channel’s deliveries. A GitHub test checks that the token ' +
        'can see the repository and opens no issue. A paused channel can be tested.',
      tags: ['notifications'],
      auth: 'signed-in',
      params: IdParams,
      responses: { 200: ChannelTestResultSchema },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params }) => {
      const channel = await memberChannel(
        deps,
        params.id,
        auth,
        canManageChannels,
        'test notification channels',
      );
      const at = deps.now();
      const { site } = await memberSite(deps, channel.siteId, auth);
      const body = sampleEventBody({ id: site.id, name: site.name }, publicOrigin(deps.config), at);
      const deliveryId = await createTestDelivery(deps.db, { channelId: channel.id, payload: body, at });
      const outcome = await testAttempt(deps, channel, deliveryId, body, {
        config: deps.config,
        now: at,
        timeoutMs: 10_000,
        signal: c.req.raw.signal,
      });
      const ok = succeeded(outcome);
      await recordAttempt(deps.db, {
        deliveryId,
        n: 1,
        at,
        status: outcome.status,
        durationMs: outcome.durationMs,
        error: outcome.error,
        state: ok ? 'delivered' : 'failed',
        nextAttemptAt: null,
      });
      const result: ChannelTestResult = {
        ok,
        status: outcome.status,
        durationMs: outcome.durationMs,
        error: outcome.error,
        deliveryId,
      };
      return c.json(result);
    },
  );

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/channels/:id/deliveries',
      summary:
        'A channel’s delivery log, newest first, each delivery with its attempts (editors and owners).',
      tags: ['notifications'],
      auth: 'signed-in',
      params: IdParams,
      query: DeliveriesQuery,
      responses: { 200: DeliveryPageSchema },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params, query }) => {
      const channel = await memberChannel(deps, params.id, auth, canViewChannels, 'see delivery logs');
      const { items, last } = await listDeliveries(
        deps.db,
        channel.id,
        query.limit,
        decodeCursor(query.cursor),
      );
      return c.json({ items, nextCursor: last ? encodeCursor(last) : null } satisfies Page<Delivery>);
    },
  );

  return app;
}
