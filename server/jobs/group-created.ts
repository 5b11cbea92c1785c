import { z } from 'zod';
import type { JobHandler } from './types.js';

/** The `group.created` job's payload, as the insert trigger on `reports` writes it (migrations/0007). */
export const GroupCreatedSchema = z.object({
  siteId: z.uuid(),
  groupKey: z.string().min(1),
  groupId: z.uuid(),
  reportId: z.uuid(),
});

/** A new duplicate group: its site, key, public id and first report. */
export type GroupCreated = z.output<typeof GroupCreatedSchema>;

/**
 * One thing done for every new group (announce it, check its spelling, …). Steps must be
 * idempotent: when any step fails, the job is retried and every step runs again.
 */
export interface GroupCreatedStep {
  readonly name: string;
  run(group: GroupCreated, signal: AbortSignal): Promise<void>;
}

/**
 * The `group.created` job: runs every step for the new group, each even when an earlier one
 * failed, then fails (to be retried with backoff) if any did.
 */
export function groupCreatedHandler(steps: readonly GroupCreatedStep[]): JobHandler {
  return {
    kind: 'group.created',
    concurrency: 8,
    async run(job) {
      const parsed = GroupCreatedSchema.safeParse(job.payload);
      if (!parsed.success) return { failed: `malformed payload: ${parsed.error.message}` };
      const failures: string[] = [];
      for (const step of steps) {
        try {
          await step.run(parsed.data, job.signal);
        } catch (error) {
          failures.push(`${step.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (failures.length > 0) throw new Error(failures.join('; '));
      return undefined;
    },
  };
}
