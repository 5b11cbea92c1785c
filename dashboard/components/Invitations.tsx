/** Invitations by link (owners only): create one, copy its link once, revoke pending ones. */
import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { type Invitation, ROLES, type Role, type Site } from '../../contract/api.js';
import { isRole } from '../../contract/permissions.js';
import { announce } from '../announce.js';
import { api, errorMessage } from '../api.js';
import { useResource } from '../resource.js';
import { fullDate } from '../time.js';
import { CopyButton } from './CopyButton.js';
import { ErrorNotice, Loading } from './States.js';

/** Default lifetime of an invitation link, in days. */
const DEFAULT_EXPIRY_DAYS = 7;

/** The invitations section of a site's settings. */
export function Invitations({ site }: { site: Site }): JSX.Element {
  const invitations = useResource(() => api.invitations(site.id), site.id);
  const roleId = useId();
  const [role, setRole] = useState<Role>('editor');
  const [email, setEmail] = useState('');
  const [days, setDays] = useState(String(DEFAULT_EXPIRY_DAYS));
  const [created, setCreated] = useState<Invitation | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const invitation = await api.createInvitation(site.id, {
        role,
        email: email.trim() || undefined,
        expiresInDays: Number(days) || DEFAULT_EXPIRY_DAYS,
      });
      setCreated(invitation);
      setEmail('');
      announce(
        invitation.mailed
          ? `Invitation mailed to ${invitation.email}.`
          : 'Invitation created. Copy its link now: it is shown only once.',
      );
      invitations.reload();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const revoke = async (invitation: Invitation) => {
    setError(null);
    try {
      await api.revokeInvitation(site.id, invitation.id);
      if (created?.id === invitation.id) setCreated(null);
      announce('Invitation revoked.');
      invitations.reload();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <>
      <form class="inline-form" onSubmit={create}>
        <div class="field">
          <label for={roleId}>Role</label>
          <select
            id={roleId}
            value={role}
            onChange={(event) => {
              const value = event.currentTarget.value;
              if (isRole(value)) setRole(value);
            }}
          >
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </div>
        <label>
          Invitee email (optional)
          <input type="email" value={email} onInput={(event) => setEmail(event.currentTarget.value)} />
        </label>
        <label>
          Valid for (days)
          <input
            type="number"
            min={1}
            max={90}
            value={days}
            onInput={(event) => setDays(event.currentTarget.value)}
          />
        </label>
        <button type="submit">Create invitation link</button>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {created?.url && (
        <div class="secret" role="status">
          {created.mailed ? (
            <p>Mailed to {created.email}. You can also send this link yourself; it is shown only now.</p>
          ) : created.email ? (
            <p>
              Not mailed: e-mail is not configured on this server, or the mail server refused it. Send this
              link to {created.email} yourself; it is shown only now.
            </p>
          ) : (
            <p>Send this link to the person you invite. It is shown only now.</p>
          )}
          <code>{created.url}</code> <CopyButton text={created.url} label="Copy link" />
        </div>
      )}
      {invitations.state.status === 'loading' ? (
        <Loading label="Loading invitations…" />
      ) : invitations.state.status === 'error' ? (
        <ErrorNotice error={invitations.state.error} retry={invitations.reload} />
      ) : invitations.state.data.length === 0 ? (
        <p class="hint">No pending invitations.</p>
      ) : (
        <ul class="plain">
          {invitations.state.data.map((invitation) => (
            <li key={invitation.id}>
              {invitation.email ?? 'Anyone with the link'} as {invitation.role}, until{' '}
              {fullDate(invitation.expiresAt)}{' '}
              <button type="button" class="danger" onClick={() => void revoke(invitation)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
