/** `/invite/:token`: accept an invitation, signing in or creating the account on the way. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { InvitationAcceptance, Me } from '../../contract/api.js';
import { api, errorMessage } from '../api.js';
import { ErrorNotice, Loading } from '../components/States.js';
import { useResource } from '../resource.js';
import { fullDate } from '../time.js';
import { useDocumentTitle } from '../title.js';

/** The invitation page; `me` is null when nobody is signed in. */
export function Invite({
  token,
  me,
  onSignedIn,
}: {
  token: string;
  me: Me | null;
  onSignedIn: (me: Me) => void;
}): JSX.Element {
  const preview = useResource(() => api.invitation(token), token);
  useDocumentTitle('Invitation');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const accept = async (event: Event) => {
    event.preventDefault();
    setError(null);
    const input: InvitationAcceptance = me
      ? {}
      : { email: email.trim(), password, name: name.trim() || undefined };
    try {
      onSignedIn(await api.acceptInvitation(token, input));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  if (preview.state.status === 'loading') return <Loading label="Loading the invitation…" />;
  if (preview.state.status === 'error') return <ErrorNotice error={preview.state.error} />;
  const { siteName, role, expiresAt } = preview.state.data;
  return (
    <section class="narrow" aria-labelledby="invite-title">
      <h1 id="invite-title">Join {siteName}</h1>
      <p>
        You are invited as <strong>{role}</strong>. The invitation is valid until {fullDate(expiresAt)}.
      </p>
      <form onSubmit={accept}>
        {me ? (
          <p>You will join as {me.user.email}.</p>
        ) : (
          <>
            <p class="hint">Use your Misprint account, or choose a password to create one.</p>
            <label>
              Email
              <input
                type="email"
                required
                autoComplete="username"
                value={email}
                onInput={(event) => setEmail(event.currentTarget.value)}
              />
            </label>
            <label>
              Password
              <input
                type="password"
                required
                autoComplete="current-password"
                value={password}
                onInput={(event) => setPassword(event.currentTarget.value)}
              />
            </label>
            <label>
              Name (optional, for new accounts)
              <input
                autoComplete="name"
                value={name}
                onInput={(event) => setName(event.currentTarget.value)}
              />
            </label>
          </>
        )}
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit">Accept invitation</button>
      </form>
    </section>
  );
}
