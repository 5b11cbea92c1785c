/**
 * Instant mail (DESIGN.md "Notifications"): each new group is queued for every member who chose
 * `instant` and to whom it is assigned, or to nobody; one `mail.instant` job per (site, member)
 * sends what is queued. The first group goes out at once; groups that arrive within
 * {@link INSTANT_GAP_MS} of the last mail wait and go together in the next one.
 */
import { z } from 'zod';
import { publicOrigin } from '../bootstrap.js';
import {
  finishInstantBatch,
  INSTANT_MAIL_JOB,
  instantRecipients,
  mailGroups,
  queueInstantGroup,
  siteName,
  takeInstantBatch,
} from '../db/queries/email.js';
import type { JobDeps } from '../jobs/deps.js';
import type { GroupCreatedStep } from '../jobs/group-created.js';
import type { JobHandler } from '../jobs/types.js';
import { instantMail } from './compose.js';
import { unsubscribeToken, unsubscribeUrl } from './unsubscribe.js';

/** Shortest time between two instant mails to one member about one site. */
export const INSTANT_GAP_MS = 5 * 60 * 1000;
/** Most groups listed in one instant mail; the rest are counted and linked to the inbox. */
const INSTANT_LIST_MAX = 50;

/** The `group.created` step that queues the group for the members who want instant mail. */
export function instantMailStep(deps: JobDeps): GroupCreatedStep {
  return {
    name: 'instant mail',
    async run(group) {
      if (!deps.mailer.enabled) return;
      const now = deps.now();
      const recipients = await instantRecipients(deps.db, group.groupId);
      for (const recipient of recipients) {
        await queueInstantGroup(deps.db, {
          siteId: group.siteId,
          userId: recipient.userId,
          groupId: group.groupId,
          now,
          gapMs: INSTANT_GAP_MS,
        });
      }
      // A mail due now should not wait for the rest of this job's steps and the next poll.
      if (recipients.length > 0) deps.jobs.wake();
    },
  };
}

const InstantPayload = z.object({ siteId: z.uuid(), userId: z.uuid() });

/** Sends one member's instant mail about a site: the groups queued for it so far. */
export function instantMailHandler(deps: JobDeps): JobHandler {
  return {
    kind: INSTANT_MAIL_JOB,
    concurrency: 4,
    async run(job) {
      const payload = InstantPayload.safeParse(job.payload);
      if (!payload.success) return { failed: `malformed payload: ${payload.error.message}` };
      const { siteId, userId } = payload.data;
      const batch = await takeInstantBatch(deps.db, {
        siteId,
        userId,
        jobId: job.id,
        now: deps.now(),
        gapMs: INSTANT_GAP_MS,
      });
      if ('wait' in batch) return { retryAt: batch.wait, error: 'within 5 minutes of the last mail' };
      const groups = await mailGroups(deps.db, batch.groupIds);
      const name = await siteName(deps.db, siteId);
      if (!batch.recipient || groups.length === 0 || name === undefined) {
        await finishInstantBatch(deps.db, job.id);
        return undefined;
      }
      if (!deps.mailer.enabled) {
        await finishInstantBatch(deps.db, job.id);
        return { failed: 'e-mail is not configured (SMTP_URL is unset)' };
      }
      const origin = publicOrigin(deps.config);
      const message = instantMail({
        siteName: name,
        groups: groups.slice(0, INSTANT_LIST_MAX),
        total: groups.length,
        origin,
        unsubscribeUrl: unsubscribeUrl(origin, await unsubscribeToken(deps.db, siteId, userId)),
      });
      await deps.mailer.send({ ...message, to: batch.recipient.email });
      await finishInstantBatch(deps.db, job.id);
      deps.logger.debug('instant mail sent', { site: siteId, groups: groups.length });
      return undefined;
    },
  };
}
