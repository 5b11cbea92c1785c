/**
 * Fans an event out to the channels of its site that take it: one delivery (and one `delivery`
 * job) per channel, keyed by the event so a retried fan-out adds nothing. The event itself was
 * written with the report or the change that caused it (the `group.created` job of the reports
 * trigger, the `event` job of misprint_emit), so this runs only for what committed.
 */
import { z } from 'zod';
import type { NotifyEvent } from '../../contract/channels.js';
import { REPORT_STATUSES } from '../../contract/report.js';
import { publicOrigin } from '../bootstrap.js';
import { listChannels, type StoredChannel } from '../db/queries/channels.js';
import { fanOutDeliveries, findGroupFacts } from '../db/queries/deliveries.js';
import type { JobDeps } from '../jobs/deps.js';
import { type EventChanges, eventBody } from './event-body.js';
import { passesFilter } from './filter.js';

/** An event as the jobs carry it. */
export interface NotifyEventInput {
  type: NotifyEvent;
  siteId: string;
  groupId: string;
  at: Date;
  reportId?: string;
  changes?: EventChanges;
  /** Unique per event (fan-out dedupe). */
  key: string;
}

const status = z.enum(REPORT_STATUSES);

/** The `event` job's payload as `misprint_emit` writes it (migrations/0007, and the callers' objects). */
export const EmittedEventSchema = z.object({
  type: z.enum(['group.created', 'report.created', 'group.updated']),
  siteId: z.uuid(),
  at: z.coerce.date(),
  groupId: z.uuid(),
  groupKey: z.string().optional(),
  reportId: z.uuid().optional(),
  changes: z
    .object({
      status: z.object({ from: status, to: status }).optional(),
      assignee: z.object({ from: z.uuid().nullable(), to: z.uuid().nullable() }).optional(),
    })
    .optional(),
});

/** Whether a channel takes an event. A GitHub channel follows its groups leaving `new` to close their issues. */
export function takes(channel: StoredChannel, event: NotifyEventInput): boolean {
  if (channel.pausedAt !== null) return false;
  if (channel.type === 'github') {
    if (event.type === 'group.created') return channel.events.includes('group.created');
    const move = event.changes?.status;
    return event.type === 'group.updated' && move !== undefined && move.from === 'new' && move.to !== 'new';
  }
  return channel.events.includes(event.type);
}

/** Fans one event out; resolves with how many deliveries it added. */
export async function fanOut(deps: JobDeps, event: NotifyEventInput): Promise<number> {
  const channels = (await listChannels(deps.db, event.siteId)).filter((c) => takes(c, event));
  if (channels.length === 0) return 0;
  const facts = await findGroupFacts(deps.db, event.groupId);
  if (!facts || facts.siteId !== event.siteId) return 0;
  const chosen = channels.filter((c) => passesFilter(c.filter, facts));
  if (chosen.length === 0) return 0;
  const body = eventBody(event.type, event.at, facts, publicOrigin(deps.config), {
    reportId: event.reportId,
    changes: event.changes,
  });
  const added = await fanOutDeliveries(deps.db, {
    channelIds: chosen.map((c) => c.id),
    eventKey: event.key,
    type: event.type,
    payload: body,
    at: deps.now(),
  });
  if (added.length > 0) deps.jobs.wake();
  return added.length;
}
