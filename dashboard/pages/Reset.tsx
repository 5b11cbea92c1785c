/** `/reset` (ask for a link by e-mail) and `/reset/:token` (choose a new password with it). */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, api, errorMessage, issueOf } from '../api.js';
import { EmailField } from '../components/EmailField.js';
import { NewPasswordField } from '../components/NewPasswordField.js';
import { Link } from '../router.js';
import { useDocumentTitle } from '../title.js';

/** `/reset`: the address to mail a link to. Says the same whether or not it has an account. */
export function RequestReset(): JSX.Element {
  useDocumentTitle('Reset password');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      await api.requestPasswordReset({ email: email.trim() });
      setSent(email.trim());
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <section class="narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">Reset your password</h1>
      {sent ? (
        <p role="status">
          If <strong>{sent}</strong> has a Misprint account, a link to choose a new password is on its way. It
          works once, for 30 minutes.
        </p>
      ) : (
        <form onSubmit={submit}>
          <EmailField value={email} onInput={setEmail} />
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
          <button type="submit">Send reset link</button>
        </form>
      )}
      <p>
        <Link to="/">Back to sign-in</Link>
      </p>
    </section>
  );
}

/** `/reset/:token`: the new password; afterwards every session has ended and the person signs in. */
export function ChooseNewPassword({ token }: { token: string }): JSX.Element {
  useDocumentTitle('Choose a new password');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      await api.resetPassword(token, { password });
      setDone(true);
    } catch (failure) {
      setError(failure);
    }
  };

  const problem = issueOf(error, 'password');
  const gone = error instanceof ApiError && error.code === 'not_found';
  return (
    <section class="narrow" aria-labelledby="new-password-title">
      <h1 id="new-password-title">Choose a new password</h1>
      {done ? (
        <p role="status">
          Your password was changed and every session signed out. <Link to="/">Sign in</Link> with the new
          one.
        </p>
      ) : (
        <form onSubmit={submit}>
          <NewPasswordField value={password} onInput={setPassword} problem={problem} />
          {error !== null && !problem && (
            <p role="alert" class="error">
              {gone ? (
                <>
                  This link was used or has expired. <Link to="/reset">Ask for a new one</Link>.
                </>
              ) : (
                errorMessage(error)
              )}
            </p>
          )}
          <button type="submit">Set new password</button>
        </form>
      )}
    </section>
  );
}
