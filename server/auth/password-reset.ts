import { z } from 'zod';
import { publicOrigin } from '../bootstrap.js';
import { enqueueJob } from '../db/queries/jobs.js';
import { createPasswordReset, deletePasswordReset } from '../db/queries/password-resets.js';
import { findUserByEmail, normaliseEmail } from '../db/queries/users.js';
import { escapeHtml } from '../demo/page.js';
import type { AppDeps } from '../deps.js';
import type { JobDeps } from '../jobs/deps.js';
import type { JobHandler } from '../jobs/types.js';
import type { MailMessage } from '../mail/mailer.js';
import { hashSecret, newSecret } from '../services/secrets.js';

/** A reset link works this long after it was mailed. */
export const RESET_TTL_MS = 30 * 60 * 1000;
/**
 * At most one reset mail per address in each window this long: asking again and again (or someone
 * else asking for you) does not flood the inbox, and the first link still works meanwhile.
 */
export const RESET_MAIL_WINDOW_MS = 5 * 60 * 1000;

/** The job that mails a reset link. */
export const PASSWORD_RESET_JOB = 'password.reset';

const PayloadSchema = z.object({ email: z.string().min(1) });

/**
 * Queues a reset mail for an address. The request's answer must not tell whether the address has
 * an account, so the request does the same work either way (one insert into `jobs`, deduplicated
 * per address and window) and the job finds out. Returns nothing for the same reason.
 */
export async function requestPasswordReset(deps: AppDeps, email: string): Promise<void> {
  const address = normaliseEmail(email);
  const now = deps.now();
  const window = Math.floor(now.getTime() / RESET_MAIL_WINDOW_MS);
  const queued = await enqueueJob(deps.db, {
    kind: PASSWORD_RESET_JOB,
    payload: { email: address },
    runAt: now,
    dedupeKey: `${PASSWORD_RESET_JOB}:${hashSecret(address)}:${window}`,
  });
  if (queued) deps.jobs.wake();
}

/** The reset mail: the link, how long it works, and what to do when it was not asked for. */
export function resetMail(to: string, link: string): MailMessage {
  const minutes = RESET_TTL_MS / 60_000;
  const text = [
    'Someone (hopefully you) asked to reset the password of your Misprint account.',
    '',
    `Choose a new password here within ${minutes} minutes:`,
    link,
    '',
    'The link works once. Setting a new password signs you out everywhere.',
    'If you did not ask for this, ignore this mail: your password stays as it is.',
  ].join('\n');
  const html = [
    '<p>Someone (hopefully you) asked to reset the password of your Misprint account.</p>',
    `<p><a href="${escapeHtml(link)}">Choose a new password</a> within ${minutes} minutes.</p>`,
    '<p>The link works once. Setting a new password signs you out everywhere.<br>',
    'If you did not ask for this, ignore this mail: your password stays as it is.</p>',
  ].join('\n');
  return { to, subject: 'Reset your Misprint password', text, html };
}

/**
 * `password.reset`: for an address with an account, makes a single-use link (only its hash is
 * stored) valid {@link RESET_TTL_MS} from now and mails it; for any other address, nothing. Without
 * SMTP_URL nothing can be sent and the job ends. A failed send forgets the link and is retried
 * twice (30 s, 60 s); a reset link hours late is no use, the person will ask again.
 */
export function passwordResetHandler(deps: JobDeps): JobHandler {
  return {
    kind: PASSWORD_RESET_JOB,
    maxAttempts: 3,
    async run(job) {
      const parsed = PayloadSchema.safeParse(job.payload);
      if (!parsed.success) return { failed: 'malformed payload' };
      if (!deps.mailer.enabled) return undefined;
      const user = await findUserByEmail(deps.db, parsed.data.email);
      if (!user) return undefined;
      const token = newSecret();
      const now = deps.now();
      const id = await createPasswordReset(deps.db, {
        userId: user.id,
        tokenHash: hashSecret(token),
        now,
        expiresAt: new Date(now.getTime() + RESET_TTL_MS),
      });
      try {
        await deps.mailer.send(resetMail(user.email, `${publicOrigin(deps.config)}/app/reset/${token}`));
      } catch (error) {
        await deletePasswordReset(deps.db, id);
        throw error;
      }
      return undefined;
    },
  };
}
