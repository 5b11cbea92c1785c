import type { Role } from '../../contract/api.js';
import type { AppDeps } from '../deps.js';
import { invitationMail } from './compose.js';

/** What an invitation mail says. */
export interface InvitationToMail {
  to: string;
  siteName: string;
  role: Role;
  inviter: string;
  url: string;
  expiresAt: Date;
}

/**
 * Mails an invitation link while the owner waits, and answers whether it went out. The link exists
 * only in this request (the database keeps its hash), so it is not handed to a retrying job; when
 * the SMTP server refuses or e-mail is not configured, the owner copies the link from the answer.
 */
export async function mailInvitation(deps: AppDeps, invitation: InvitationToMail): Promise<boolean> {
  if (!deps.mailer.enabled) return false;
  try {
    await deps.mailer.send({ ...invitationMail(invitation), to: invitation.to });
    return true;
  } catch (error) {
    deps.logger.warn('could not mail an invitation', {
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}
