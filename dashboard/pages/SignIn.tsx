/** The sign-in form. Its labels ("Email", "Password", "Sign in") are what tests and users rely on. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Me } from '../../contract/api.js';
import { ApiError, api, errorMessage } from '../api.js';
import { EmailField } from '../components/EmailField.js';
import { Link } from '../router.js';
import { useDocumentTitle } from '../title.js';

/** A sentence for a failed sign-in; a 429 says how long to wait and why. */
export function signInError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'rate_limited') {
    const minutes = error.retryAfter ? Math.max(1, Math.ceil(error.retryAfter / 60)) : null;
    const wait = minutes ? `in ${minutes} minute${minutes === 1 ? '' : 's'}` : 'later';
    return `Too many sign-in attempts for this account or network. To protect it, sign-in is paused: try again ${wait}.`;
  }
  if (error instanceof ApiError && error.code === 'unauthenticated') return 'Wrong email or password.';
  return errorMessage(error);
}

/** `/` while signed out. */
export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }): JSX.Element {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle('Sign in');

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      onSignedIn(await api.login({ email: email.trim(), password }));
    } catch (failure) {
      setError(signInError(failure));
      setBusy(false);
    }
  };

  return (
    <section class="narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to Misprint</h1>
      <form onSubmit={submit}>
        <EmailField value={email} onInput={setEmail} />
        <label>
          Password
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </label>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        <Link to="/reset">Forgot your password?</Link>
      </p>
    </section>
  );
}
