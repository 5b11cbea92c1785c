/** The caller's API tokens: create one (its secret is shown once) and revoke. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { CreatedApiToken, TokenScope } from '../../contract/api.js';
import { announce } from '../announce.js';
import { api, errorMessage } from '../api.js';
import { CopyButton } from '../components/CopyButton.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useResource } from '../resource.js';
import { fullDate } from '../time.js';
import { useDocumentTitle } from '../title.js';

/** Lifetimes offered for a new token, in days (`never`: no expiry). */
const EXPIRY_CHOICES: ReadonlyArray<readonly [string, string]> = [
  ['never', 'Never'],
  ['7', 'In 7 days'],
  ['30', 'In 30 days'],
  ['90', 'In 90 days'],
  ['365', 'In a year'],
];

/** `/tokens`. */
export function Tokens(): JSX.Element {
  const tokens = useResource(() => api.tokens(), 'tokens');
  useDocumentTitle('API tokens');
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('write');
  const [expiry, setExpiry] = useState('never');
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const expiresInDays = expiry === 'never' ? undefined : Number(expiry);
      setCreated(await api.createToken({ name: name.trim(), scope, expiresInDays }));
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
        to. A read-only token can look but change nothing.
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
        <span class="field">
          <label for="token-scope">Access</label>
          <select
            id="token-scope"
            value={scope}
            onChange={(event) => setScope(event.currentTarget.value === 'read' ? 'read' : 'write')}
          >
            <option value="write">Read and write</option>
            <option value="read">Read only</option>
          </select>
        </span>
        <span class="field">
          <label for="token-expiry">Expires</label>
          <select id="token-expiry" value={expiry} onChange={(event) => setExpiry(event.currentTarget.value)}>
            {EXPIRY_CHOICES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </span>
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
              <strong>
                <bdi>{token.name}</bdi>
              </strong>{' '}
              <span class="badge">{token.scope === 'read' ? 'read only' : 'read and write'}</span>{' '}
              <span class="hint">
                created {fullDate(token.createdAt)}
                {token.lastUsedAt ? `, last used ${fullDate(token.lastUsedAt)}` : ', never used'}
                {token.expiresAt ? `, expires ${fullDate(token.expiresAt)}` : ', never expires'}
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
