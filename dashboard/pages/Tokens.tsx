/** The caller's API tokens: create one (its secret is shown once) and revoke. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { CreatedApiToken } from '../../contract/api.js';
import { announce } from '../announce.js';
import { api, errorMessage } from '../api.js';
import { CopyButton } from '../components/CopyButton.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useResource } from '../resource.js';
import { fullDate } from '../time.js';
import { useDocumentTitle } from '../title.js';

/** `/tokens`. */
export function Tokens(): JSX.Element {
  const tokens = useResource(() => api.tokens(), 'tokens');
  useDocumentTitle('API tokens');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      setCreated(await api.createToken({ name: name.trim() }));
      setName('');
      announce('Token created. Copy it now: it is shown only once.');
      tokens.reload();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const revoke = async (id: string) => {
    setError(null);
    try {
      await api.revokeToken(id);
      if (created?.id === id) setCreated(null);
      announce('Token revoked.');
      tokens.reload();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">API tokens</h1>
      <p>
        Scripts use a token as <code>Authorization: Bearer …</code>. It acts as you, on every site you belong
        to.
      </p>
      <form class="inline-form" onSubmit={create}>
        <label>
          Token name
          <input
            required
            value={name}
            maxLength={100}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <button type="submit">Create token</button>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {created && (
        <div class="secret" role="status">
          <p>Copy the token “{created.name}” now. It is shown only once.</p>
          <code>{created.token}</code> <CopyButton text={created.token} label="Copy token" />
        </div>
      )}
      {tokens.state.status === 'loading' ? (
        <Loading label="Loading tokens…" />
      ) : tokens.state.status === 'error' ? (
        <ErrorNotice error={tokens.state.error} retry={tokens.reload} />
      ) : tokens.state.data.length === 0 ? (
        <Empty>
          <p>No tokens.</p>
        </Empty>
      ) : (
        <ul class="plain">
          {tokens.state.data.map((token) => (
            <li key={token.id}>
              <strong>{token.name}</strong>{' '}
              <span class="hint">
                created {fullDate(token.createdAt)}
                {token.lastUsedAt ? `, last used ${fullDate(token.lastUsedAt)}` : ', never used'}
              </span>{' '}
              <button type="button" class="danger" onClick={() => void revoke(token.id)}>
                Revoke {token.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
