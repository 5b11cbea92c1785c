/**
 * Daily digests (DESIGN.md "Notifications"): at 08:00 in a site's time zone, each member who chose
 * `daily` gets one mail of the groups that arrived in the 24 hours before, and nothing when there
 * were none. A periodic job looks for due digests every few minutes and enqueues one `mail.digest`
 * job per member, site and local day under a dedupe key, so however many replicas look, and however
 * often, each member gets at most one digest of a site per day.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { publicOrigin } from '../bootstrap.js';
import {
  digestRecipients,
  digestSites,
  findEmailChoice,
  groupsBetween,
  markDigestDay,
  siteName,
} from '../db/queries/email.js';
import { enqueueJob } from '../db/queries/jobs.js';
import type { Database } from '../db/schema.js';
import type { JobDeps } from '../jobs/deps.js';
import { createJobRunner } from '../jobs/runner.js';
import type { JobHandler } from '../jobs/types.js';
import { lastDailyInstant } from '../services/time-zones.js';
import { digestMail } from './compose.js';
import { unsubscribeToken, unsubscribeUrl } from './unsubscribe.js';

/** The local hour digests go out at. */
export const DIGEST_HOUR = 8;
/** What a digest covers: the groups of this long before its 08:00. */
const DIGEST_SPAN_MS = 24 * 60 * 60 * 1000;
/** How often replicas look for due digests, so one goes out at most this late. */
const DIGEST_CHECK_MS = 5 * 60 * 1000;
/** Most groups listed in one digest; the rest are counted and linked to the inbox. */
const DIGEST_LIST_MAX = 100;
/** The job kind of one member's digest of one site and day. */
export const DIGEST_JOB = 'mail.digest';

const DigestPayload = z.object({
  siteId: z.uuid(),
  userId: z.uuid(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  at: z.iso.datetime(),
});

async function hasGroups(db: Kysely<Database>, siteId: string, from: Date, to: Date): Promise<boolean> {
  return (await groupsBetween(db, siteId, from, to, 1)).total > 0;
}

/**
 * Enqueues the digests due now (the last 08:00 of each site's zone) that were not enqueued yet,
 * of every site or one; answers how many were new. A site is looked at once per local day: its
 * day is recorded once its digests are enqueued, or once it had nothing new.
 */
export async function enqueueDueDigests(deps: JobDeps, siteId?: string): Promise<number> {
  const now = deps.now();
  let enqueued = 0;
  for (const site of await digestSites(deps.db, siteId)) {
    const due = lastDailyInstant(now, DIGEST_HOUR, site.timezone);
    if (site.lastDay === due.day) continue;
    const recipients = await digestRecipients(deps.db, site.id);
    if (
      recipients.length > 0 &&
      (await hasGroups(deps.db, site.id, new Date(due.at.getTime() - DIGEST_SPAN_MS), due.at))
    ) {
      for (const recipient of recipients) {
        const added = await enqueueJob(deps.db, {
          kind: DIGEST_JOB,
          payload: { siteId: site.id, userId: recipient.userId, day: due.day, at: due.at.toISOString() },
          runAt: now,
          dedupeKey: `${DIGEST_JOB}:${site.id}:${recipient.userId}:${due.day}`,
        });
        if (added) enqueued++;
      }
    }
    await markDigestDay(deps.db, site.id, due.day, now);
  }
  return enqueued;
}

/** Every few minutes: enqueues the digests that fell due. */
export function digestScheduleHandler(deps: JobDeps): JobHandler {
  return {
    kind: 'mail.digest-schedule',
    concurrency: 1,
    every: { ms: DIGEST_CHECK_MS, jitterMs: 30_000 },
    async run() {
      if (!deps.mailer.enabled) return undefined;
      const enqueued = await enqueueDueDigests(deps);
      if (enqueued > 0) deps.logger.debug('digests due', { enqueued });
      return undefined;
    },
  };
}

/** Sends one member's digest of one site; `onSent` hears of each mail handed to the SMTP server. */
export function digestHandler(deps: JobDeps, onSent: () => void = () => {}): JobHandler {
  return {
    kind: DIGEST_JOB,
    concurrency: 2,
    async run(job) {
      const payload = DigestPayload.safeParse(job.payload);
      if (!payload.success) return { failed: `malformed payload: ${payload.error.message}` };
      const { siteId, userId, day } = payload.data;
      const at = new Date(payload.data.at);
      // The member may have changed their mind, or left, since the digest was enqueued.
      if ((await findEmailChoice(deps.db, siteId, userId)) !== 'daily') return undefined;
      const { groups, total } = await groupsBetween(
        deps.db,
        siteId,
        new Date(at.getTime() - DIGEST_SPAN_MS),
        at,
        DIGEST_LIST_MAX,
      );
      const name = await siteName(deps.db, siteId);
      const user = await deps.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', userId)
        .executeTakeFirst();
      if (total === 0 || name === undefined || !user) return undefined;
      if (!deps.mailer.enabled) return { failed: 'e-mail is not configured (SMTP_URL is unset)' };
      const origin = publicOrigin(deps.config);
      const message = digestMail({
        siteName: name,
        day,
        groups,
        total,
        origin,
        unsubscribeUrl: unsubscribeUrl(origin, await unsubscribeToken(deps.db, siteId, userId)),
      });
      await deps.mailer.send({ ...message, to: user.email });
      onSent();
      return undefined;
    },
  };
}

/**
 * `misprint digest`: enqueues the due digests (of every site or one) and sends them now with a
 * runner of its own; answers how many mails went out. A digest already sent today is not sent again.
 */
export async function sendDueDigests(deps: JobDeps, siteId?: string): Promise<number> {
  if (!deps.mailer.enabled) throw new Error('e-mail is not configured (SMTP_URL is unset)');
  await enqueueDueDigests(deps, siteId);
  let sent = 0;
  const runner = createJobRunner({
    db: deps.db,
    logger: deps.logger,
    now: deps.now,
    handlers: [digestHandler(deps, () => sent++)],
    periodic: false,
  });
  await runner.drain();
  return sent;
}
