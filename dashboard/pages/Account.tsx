/** `/account`: change one's password, and sign out everywhere. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Me } from '../../contract/api.js';
import { announce } from '../announce.js';
import { ApiError, api, errorMessage, issueOf } from '../api.js';
import { NewPasswordField } from '../components/NewPasswordField.js';
import { useDocumentTitle } from '../title.js';

/** The account page; `onSignedOut` runs once every session (this one included) has ended. */
export function Account({ me, onSignedOut }: { me: Me; onSignedOut: () => void }): JSX.Element {
  useDocumentTitle('Account');
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const change = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    setBusy(true);
    try {
      await api.changePassword({ current, password });
      setCurrent('');
      setPassword('');
      setDone(true);
      announce('Password changed. You were signed out everywhere else.');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const signOutEverywhere = async () => {
    setError(null);
    try {
      await api.logoutAll();
      announce('Signed out everywhere.');
      onSignedOut();
    } catch (failure) {
      setError(failure);
    }
  };

  const passwordProblem = issueOf(error, 'password');
  const wrongCurrent = error instanceof ApiError && error.code === 'forbidden';
  return (
    <section class="narrow" aria-labelledby="account-title">
      <h1 id="account-title">Account</h1>
      <p>
        Signed in as <strong>{me.user.email}</strong>.
      </p>
      <h2>Change password</h2>
      <form onSubmit={change}>
        <label>
          Current password
          <input
            type="password"
            name="current-password"
            autoComplete="current-password"
            required
            value={current}
            onInput={(event) => setCurrent(event.currentTarget.value)}
          />
        </label>
        <NewPasswordField value={password} onInput={setPassword} problem={passwordProblem} />
        {error !== null && !passwordProblem && (
          <p role="alert" class="error">
            {wrongCurrent ? 'The current password is wrong.' : errorMessage(error)}
          </p>
        )}
        {done && (
          <p role="status" class="ok">
            Password changed. Every other session has been signed out.
          </p>
        )}
        <button type="submit" disabled={busy}>
          Change password
        </button>
      </form>
      <h2>Sessions</h2>
      <p>Signed in on a shared or lost computer? End every session, this one included.</p>
      <button type="button" class="danger" onClick={() => void signOutEverywhere()}>
        Sign out everywhere
      </button>
    </section>
  );
}
