/**
 * The `event` job (one per `misprint_emit` that found a listener): hands the event to every
 * listener of the process (channels here; e-mail adds its own in server/jobs/handlers.ts), each
 * even when an earlier one failed, and fails (to be retried) if any did. Listeners must be
 * idempotent, as group.created steps are: a retry runs every one of them again.
 */
import type { JobDeps } from '../jobs/deps.js';
import type { GroupCreatedStep } from '../jobs/group-created.js';
import type { JobHandler } from '../jobs/types.js';
import { EmittedEventSchema, fanOut, type NotifyEventInput } from './fan-out.js';

/** Something that acts on events (a channel fan-out, instant e-mail). */
export interface EventListener {
  readonly name: string;
  run(event: NotifyEventInput, signal: AbortSignal): Promise<void>;
}

/** The `event` job over a list of listeners. */
export function eventHandler(listeners: readonly EventListener[]): JobHandler {
  return {
    kind: 'event',
    concurrency: 8,
    async run(job) {
      const parsed = EmittedEventSchema.safeParse(job.payload);
      if (!parsed.success) return { failed: `malformed event: ${parsed.error.message}` };
      const { type, siteId, at, groupId, reportId, changes } = parsed.data;
      // report.created is unique per report; other events per emitted job.
      const key = type === 'report.created' && reportId ? `report.created:${reportId}` : `event:${job.id}`;
      const event: NotifyEventInput = { type, siteId, at, groupId, reportId, changes, key };
      const failures: string[] = [];
      for (const listener of listeners) {
        try {
          await listener.run(event, job.signal);
        } catch (error) {
          failures.push(`${listener.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (failures.length > 0) throw new Error(failures.join('; '));
      return undefined;
    },
  };
}

/** Channels as an event listener. */
export function channelsListener(deps: JobDeps): EventListener {
  return {
    name: 'channels',
    async run(event) {
      await fanOut(deps, event);
    },
  };
}

/** Channels as a `group.created` step: the new group announced once, whatever the retries. */
export function channelsStep(deps: JobDeps): GroupCreatedStep {
  return {
    name: 'channels',
    async run(group) {
      await fanOut(deps, {
        type: 'group.created',
        siteId: group.siteId,
        groupId: group.groupId,
        at: deps.now(),
        key: `group.created:${group.groupId}`,
      });
    },
  };
}
